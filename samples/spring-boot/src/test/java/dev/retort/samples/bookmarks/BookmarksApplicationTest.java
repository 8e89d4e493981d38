package dev.retort.samples.bookmarks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.retort.runtime.Retort;
import dev.retort.runtime.testing.TestDatabase;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import javax.sql.DataSource;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Starts the real application, web server and all, twice on each database: the first start
 * upgrades an empty database before the first repository call; the second finds it at head and
 * runs nothing.
 */
class BookmarksApplicationTest {
  private static final String HEAD = "9a4d3c1e8f20";

  @TempDir Path tempDir;

  private static ConfigurableApplicationContext start(String url) {
    // Command-line arguments, as an operator passes them: they override application.properties.
    return new SpringApplicationBuilder(BookmarksApplication.class)
        .run(
            "--spring.datasource.url=" + url,
            "--server.port=0",
            "--spring.main.banner-mode=off",
            "--logging.level.root=WARN");
  }

  @ParameterizedTest
  @EnumSource(TestDatabase.class)
  void emptyDatabase_isAtHeadBeforeTheFirstRepositoryCall(TestDatabase database)
      throws IOException, InterruptedException {
    DataSource dataSource = database.create(tempDir);
    String url = database.jdbcUrl(dataSource);

    try (ConfigurableApplicationContext context = start(url)) {
      // WelcomeBookmark queried and wrote the table while the context was starting.
      List<Bookmark> all = context.getBean(BookmarkRepository.class).findAll();
      assertEquals(1, all.size());
      assertEquals(WelcomeBookmark.URL, all.get(0).url());
      assertEquals("migrations", all.get(0).tag());
      assertEquals(List.of(HEAD), context.getBean(Retort.class).current().revisions());

      String port = context.getEnvironment().getProperty("local.server.port");
      String endpoint = get("http://localhost:" + port + "/actuator/retort");
      assertTrue(endpoint.contains("\"atHead\":true"), endpoint);
      assertTrue(endpoint.contains("\"current\":[\"" + HEAD + "\"]"), endpoint);
      assertTrue(endpoint.contains("\"pending\":[]"), endpoint);
      assertTrue(
          endpoint.indexOf("\"revision\":\"" + HEAD + "\"")
              < endpoint.indexOf("\"revision\":\"5e1f0a7c2b93\""),
          endpoint);
      assertTrue(get("http://localhost:" + port + "/bookmarks").contains(WelcomeBookmark.URL));
    }

    try (ConfigurableApplicationContext context = start(url)) {
      assertEquals(1, context.getBean(BookmarkRepository.class).count());
    }
    // Two upgrades in the history, from the first start; the second start ran nothing.
    assertEquals(
        List.of("5e1f0a7c2b93 upgrade", HEAD + " upgrade"),
        TestDatabase.query(
            dataSource, "SELECT revision_id || ' ' || action FROM retort_history ORDER BY id"));
  }

  private static String get(String url) throws IOException, InterruptedException {
    HttpResponse<String> response =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(URI.create(url)).build(),
                HttpResponse.BodyHandlers.ofString());
    assertEquals(200, response.statusCode(), response.body());
    return response.body();
  }
}
