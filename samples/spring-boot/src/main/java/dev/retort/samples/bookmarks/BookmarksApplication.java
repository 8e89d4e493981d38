package dev.retort.samples.bookmarks;

import java.util.List;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * A bookmarks service. The only Retort-specific line is the dependency on the starter: the schema
 * is upgraded to head when the application starts, before the first repository call.
 */
@SpringBootApplication
@RestController
public class BookmarksApplication {
  private final BookmarkRepository bookmarks;

  public BookmarksApplication(BookmarkRepository bookmarks) {
    this.bookmarks = bookmarks;
  }

  public static void main(String[] args) {
    SpringApplication.run(BookmarksApplication.class, args);
  }

  /** Every bookmark, as JSON. */
  @GetMapping("/bookmarks")
  public List<Bookmark> bookmarks() {
    return bookmarks.findAll();
  }
}
