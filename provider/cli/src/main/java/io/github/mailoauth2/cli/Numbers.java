package io.github.mailoauth2.cli;

import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** Numbers that must be in range, checked while parsing: a wrong one is a usage error (exit 2), like any other. */
final class Numbers {
    static final int MIN_PORT = 1;
    static final int MAX_PORT = 65535;

    private Numbers() {
    }

    /** A TCP port, 1 to 65535. */
    static final class Port implements ITypeConverter<Integer> {
        @Override
        public Integer convert(String value) {
            return check(parse(value, MIN_PORT, MAX_PORT), value, "a port number from 1 to 65535");
        }
    }

    /** A number of seconds, at least one. */
    static final class Seconds implements ITypeConverter<Integer> {
        @Override
        public Integer convert(String value) {
            return check(parse(value, 1, Integer.MAX_VALUE), value, "a whole number of seconds, at least 1");
        }
    }

    /** {@code value} as a number from {@code min} to {@code max}, or {@code null} if it is not one. */
    static Integer parse(String value, int min, int max) {
        try {
            int number = Integer.parseInt(value.strip());
            return number >= min && number <= max ? number : null;
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static Integer check(Integer number, String value, String what) {
        if (number == null) {
            throw new TypeConversionException("'" + value + "' is not " + what);
        }
        return number;
    }
}
