package io.github.mailoauth2.it;

import java.io.IOException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Map;

/** The lab's throwaway PostgreSQL ({@code lab/postgres.sh}): where it is, and a restart. */
final class Postgres {
    static final String URL = "jdbc:postgresql://127.0.0.1:15432/mailoauth2";
    static final String USER = "mailoauth2";
    static final String PASSWORD = "mailoauth2-lab";

    private Postgres() {
    }

    /** The session properties of a {@code jdbc:} store with its credentials in the store keys. */
    static Map<String, String> store() {
        Map<String, String> props = new HashMap<>();
        props.put("mail.oauth2.store", URL);
        props.put("mail.oauth2.store-user", USER);
        props.put("mail.oauth2.store-password", PASSWORD);
        return props;
    }

    static Connection connect() throws SQLException {
        return DriverManager.getConnection(URL, USER, PASSWORD);
    }

    /** Runs {@code postgres.sh start|stop|restart} for the lab's folder. */
    static void script(String command) throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(Lab.scripts().resolve("postgres.sh").toString(), command)
                .redirectErrorStream(true);
        builder.environment().put("LAB", Lab.dir().toString());
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes());
        if (process.waitFor() != 0) {
            throw new IOException("postgres.sh " + command + " failed: " + output);
        }
    }
}
