package io.github.mailoauth2.internal.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** What docs/fleet.md gives a DBA is what the store creates, and says how to add each column a table may lack. */
class JdbcTokenStoreDdlTest {
    /** Surefire runs in the module's directory. */
    private static final Path FLEET_MD = Path.of("../../docs/fleet.md");

    private static String normalized(String sql) {
        return sql.replaceAll("\\s+", " ").replaceAll(" ?([(),]) ?", "$1").strip();
    }

    @Test
    void theDocumentedTableIsTheOneTheStoreCreates() throws IOException {
        Matcher create = Pattern.compile("(?s)(CREATE TABLE mail_oauth2_tokens \\(.*?\\));").matcher(Files.readString(FLEET_MD));

        assertThat(create.find()).as("a CREATE TABLE in " + FLEET_MD).isTrue();
        assertThat(normalized(create.group(1))).isEqualTo(normalized(TokenTable.DDL));
    }

    @Test
    void theDocumentedAlterStatementsAddEveryColumnAddedLater() throws IOException {
        String doc = Files.readString(FLEET_MD);

        java.util.stream.Stream.of(TokenTable.HISTORY_COLUMNS, TokenTable.BACKOFF_COLUMNS).forEach(columns -> columns.forEach((column, type) -> assertThat(doc)
                .contains("ALTER TABLE mail_oauth2_tokens ADD COLUMN " + column + " " + type + ";")));
    }
}
