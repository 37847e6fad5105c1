package io.github.mailoauth2.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.github.mailoauth2.token.OAuth2Properties;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;

/** The IDE metadata documents every key the library reads, with a description, and no key it does not read. */
class ConfigurationMetadataTest {

    private static List<JsonObject> properties() throws Exception {
        try (Reader in = new InputStreamReader(ConfigurationMetadataTest.class.getResourceAsStream("/META-INF/spring-configuration-metadata.json"),
                StandardCharsets.UTF_8)) {
            return StreamSupport.stream(JsonParser.parseReader(in).getAsJsonObject().getAsJsonArray("properties").spliterator(), false)
                    .map(JsonElement::getAsJsonObject).toList();
        }
    }

    @Test
    void everyLibraryKeyIsDocumentedUnderMailOAuth2() throws Exception {
        Set<String> documented = properties().stream().map(p -> p.get("name").getAsString())
                .filter(name -> name.startsWith("mail.oauth2.")).map(name -> name.substring("mail.oauth2.".length()))
                .filter(key -> !key.contains(".")) // the starter's own: metrics.*, spring-security.*
                .collect(Collectors.toSet());

        assertThat(documented).containsExactlyInAnyOrderElementsOf(OAuth2Properties.ALL);
    }

    @Test
    void everyPropertyHasADescription() throws Exception {
        assertThat(properties()).allSatisfy(p -> assertThat(p.has("description") ? p.get("description").getAsString() : "")
                .as(p.get("name").getAsString()).hasSizeGreaterThan(20));
    }
}
