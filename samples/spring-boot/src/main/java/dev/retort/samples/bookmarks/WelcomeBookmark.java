package dev.retort.samples.bookmarks;

import org.springframework.stereotype.Component;

/**
 * Seeds the first bookmark while the application context starts: the first repository call, made
 * before any runner, which needs the schema to exist already.
 */
@Component
public class WelcomeBookmark {
  static final String URL = "https://alembic.sqlalchemy.org/";

  public WelcomeBookmark(BookmarkRepository bookmarks) {
    if (bookmarks.count() == 0) {
      bookmarks.add(URL, "Alembic, whose workflow Retort keeps", "migrations");
    }
  }
}
