package dev.retort.spring.boot.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Boot's configuration processor wrote the metadata IDEs complete {@code retort.*} from. */
class ConfigurationMetadataTest {
  @Test
  void metadata_listsEveryPropertyWithItsDefault() throws IOException {
    String json;
    try (InputStream in =
        RetortProperties.class
            .getClassLoader()
            .getResourceAsStream("META-INF/spring-configuration-metadata.json")) {
      assertThat(in).isNotNull();
      json = new String(in.readAllBytes(), StandardCharsets.UTF_8).replaceAll("\\s+", " ");
    }

    for (String property :
        new String[] {
          "retort.enabled", "retort.target", "retort.version-table", "retort.history-table",
          "retort.lock-timeout", "retort.url", "retort.user", "retort.password",
          "retort.revision-lock-timeout", "retort.revision-statement-timeout",
          "retort.revision-retries", "retort.revision-retry-delay"
        }) {
      assertThat(json).contains("\"name\": \"" + property + "\"");
    }
    assertThat(json).contains("\"defaultValue\": \"head\"");
    assertThat(json).contains("\"defaultValue\": \"retort_version\"");
    assertThat(json).contains("\"defaultValue\": \"retort_history\"");
    assertThat(json).contains("\"defaultValue\": \"5m\"");
  }
}
