package io.github.mailoauth2.cli;

import java.io.PrintWriter;
import java.io.StringWriter;

/** One in-process run of the command line: its exit status and what it printed on each stream. */
record Run(int exitStatus, String out, String err) {
    static Run of(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int status = Main.execute(new PrintWriter(out, true), new PrintWriter(err, true), args);
        return new Run(status, out.toString(), err.toString());
    }

    /** The same through picocli alone, as if {@link QuickStart} did not exist. */
    static Run viaPicocli(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int status = RootCommand.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
        return new Run(status, out.toString(), err.toString());
    }

    @Override
    public String toString() {
        return "exit " + exitStatus + "\n--- stdout\n" + out + "--- stderr\n" + err;
    }
}
