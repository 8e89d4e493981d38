package dev.retort.samples.bookmarks;

/** One saved link. */
public record Bookmark(long id, String url, String title, String tag) {}
