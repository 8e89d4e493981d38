package dev.retort.samples.jpa.model;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.ForeignKey;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Index;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.Table;

/**
 * A book by an {@link Author}. {@link #isbn} came later: revision {@code AddBookIsbn} adds its
 * column, and until it existed {@code check} reported the column as a pending change.
 */
@Entity
@Table(name = "book", indexes = @Index(name = "ix_book_author", columnList = "author_id"))
public class Book {
  @Id
  @GeneratedValue(strategy = GenerationType.IDENTITY)
  private Long id;

  @Column(nullable = false, length = 200)
  private String title;

  @ManyToOne(optional = false)
  @JoinColumn(name = "author_id", foreignKey = @ForeignKey(name = "fk_book_author"))
  private Author author;

  @Column(length = 13)
  private String isbn;

  public Long getId() {
    return id;
  }

  public String getTitle() {
    return title;
  }

  public void setTitle(String title) {
    this.title = title;
  }

  public Author getAuthor() {
    return author;
  }

  public void setAuthor(Author author) {
    this.author = author;
  }

  public String getIsbn() {
    return isbn;
  }

  public void setIsbn(String isbn) {
    this.isbn = isbn;
  }
}
