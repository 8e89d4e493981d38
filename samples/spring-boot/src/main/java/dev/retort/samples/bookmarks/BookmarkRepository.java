package dev.retort.samples.bookmarks;

import java.util.List;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * Bookmarks over plain JDBC. Boot creates its JdbcClient only after Retort's upgrade, so the table
 * is there from the first call, even one made while the application context is still starting.
 */
@Repository
public class BookmarkRepository {
  private final JdbcClient jdbc;

  public BookmarkRepository(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  /** Saves a bookmark. */
  public void add(String url, String title, String tag) {
    jdbc.sql("INSERT INTO bookmark (url, title, tag) VALUES (?, ?, ?)")
        .params(url, title, tag)
        .update();
  }

  /** Every bookmark, oldest first. */
  public List<Bookmark> findAll() {
    return jdbc.sql("SELECT id, url, title, tag FROM bookmark ORDER BY id")
        .query(Bookmark.class)
        .list();
  }

  /** How many bookmarks there are. */
  public long count() {
    return jdbc.sql("SELECT COUNT(*) FROM bookmark").query(Long.class).single();
  }
}
