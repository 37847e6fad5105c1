package io.github.mailoauth2.cli;

/** A failure the command reports in one sentence, with what to do, and the exit status it means. */
final class CliFailure extends RuntimeException {
    private static final long serialVersionUID = 1L;

    final int exitCode;

    CliFailure(int exitCode, String message) {
        super(message);
        this.exitCode = exitCode;
    }

    static CliFailure auth(String message) {
        return new CliFailure(Main.AUTH_FAILED, message);
    }

    static CliFailure usage(String message) {
        return new CliFailure(Main.USAGE, message);
    }
}
