package dev.retort.processor.model;

import static com.google.common.truth.Truth.assertThat;

import org.junit.jupiter.api.Test;

/**
 * The normalisation under the checksum: what may change without changing it, and what must change
 * it. The compiled path (class body found through javac's trees, checksum in the registry) is
 * tested in {@code RegistryWriterTest}.
 */
class SourceChecksumTest {
  private static final String BODY =
      """
      {
        private static final String TABLE = "workout";

        @Override
        public void upgrade(Operations op) {
          op.execute("CREATE INDEX ix_workout_start ON " + TABLE + " (started_at)");
          int retries = 3 * (1 + 2);
        }

        @Override
        public void downgrade(Operations op) {
          op.execute(
              \"""
              DROP INDEX ix_workout_start
              \""");
        }
      }
      """;

  @Test
  void normalize_keepsOneSpaceOnlyBetweenIdentifierCharacters() {
    assertThat(SourceChecksum.normalize("{ int  x = a + b ;\n  return x ; }"))
        .isEqualTo("{int x=a+b;return x;}");
  }

  @Test
  void normalize_treatsACommentAsWhitespace() {
    assertThat(SourceChecksum.normalize("int/* a comment */x; y = 1; // trailing\nz();"))
        .isEqualTo("int x;y=1;z();");
  }

  @Test
  void normalize_keepsStringAndCharLiteralsVerbatim() {
    String source =
        """
        s = "a  --b /* c */ // d"; c = '"'; d = '/'; e = "\\"//\\""; f = '\\'';
        """;

    assertThat(SourceChecksum.normalize(source))
        .isEqualTo("s=\"a  --b /* c */ // d\";c='\"';d='/';e=\"\\\"//\\\"\";f='\\'';");
  }

  @Test
  void normalize_reducesATextBlockToItsContent() {
    String source =
        "x = \"\"\"   \n      SELECT 1 -- keep\n        /* keep */ FROM t\n      \"\"\";";

    assertThat(SourceChecksum.normalize(source))
        .isEqualTo("x=\"\"\"\nSELECT 1 -- keep\n  /* keep */ FROM t\n\"\"\";");
  }

  @Test
  void reindentedAndRewrapped_sameChecksum() {
    String reformatted =
        """
        {
            private static final String TABLE =
                "workout";
            @Override public void upgrade( Operations op ) {
                op.execute( "CREATE INDEX ix_workout_start ON "+TABLE+" (started_at)" );
                int retries=3*(1+2);
            }
            @Override
            public void downgrade(Operations op)
            {
                op.execute(\"""
                        DROP INDEX ix_workout_start
                        \""");
            }
        }
        """;

    assertThat(SourceChecksum.of(reformatted)).isEqualTo(SourceChecksum.of(BODY));
  }

  @Test
  void crlfLineEndings_sameChecksum() {
    assertThat(SourceChecksum.of(BODY.replace("\n", "\r\n"))).isEqualTo(SourceChecksum.of(BODY));
    assertThat(SourceChecksum.of(BODY.replace("\n", "\r"))).isEqualTo(SourceChecksum.of(BODY));
  }

  @Test
  void tabsForIndentation_sameChecksum() {
    assertThat(SourceChecksum.of(BODY.replace("  ", "\t"))).isEqualTo(SourceChecksum.of(BODY));
  }

  @Test
  void commentsAddedOrRemoved_sameChecksum() {
    String commented =
        BODY.replace("{\n  private", "{\n  /** The table. */\n  private")
            .replace("(started_at)\");", "(started_at)\"); // the index of #42")
            .replace("int retries", "/* three tries */ int retries");

    assertThat(commented).isNotEqualTo(BODY);
    assertThat(SourceChecksum.of(commented)).isEqualTo(SourceChecksum.of(BODY));
  }

  @Test
  void sqlStringChanged_differentChecksum() {
    assertThat(SourceChecksum.of(BODY.replace("(started_at)", "(started_at DESC)")))
        .isNotEqualTo(SourceChecksum.of(BODY));
  }

  @Test
  void whitespaceInsideAStringChanged_differentChecksum() {
    assertThat(SourceChecksum.of(BODY.replace("ON \"", "ON  \"")))
        .isNotEqualTo(SourceChecksum.of(BODY));
  }

  @Test
  void textBlockContentChanged_differentChecksum() {
    assertThat(SourceChecksum.of(BODY.replace("DROP INDEX ix", "DROP INDEX IF EXISTS ix")))
        .isNotEqualTo(SourceChecksum.of(BODY));
    // Indentation relative to the closing delimiter is part of the value.
    assertThat(SourceChecksum.of(BODY.replace("      DROP INDEX", "        DROP INDEX")))
        .isNotEqualTo(SourceChecksum.of(BODY));
  }

  @Test
  void statementChanged_differentChecksum() {
    assertThat(SourceChecksum.of(BODY.replace("3 * (1 + 2)", "3 * (1 + 3)")))
        .isNotEqualTo(SourceChecksum.of(BODY));
    String withoutDowngradeStatement =
        BODY.replace(
            """
                op.execute(
                    \"""
                    DROP INDEX ix_workout_start
                    \""");
            """,
            "");
    assertThat(withoutDowngradeStatement).isNotEqualTo(BODY);
    assertThat(SourceChecksum.of(withoutDowngradeStatement)).isNotEqualTo(SourceChecksum.of(BODY));
  }

  @Test
  void identifierChanged_differentChecksum() {
    assertThat(SourceChecksum.of(BODY.replace("retries", "attempts")))
        .isNotEqualTo(SourceChecksum.of(BODY));
    assertThat(SourceChecksum.of(BODY.replace("TABLE", "TABLE_NAME")))
        .isNotEqualTo(SourceChecksum.of(BODY));
  }

  @Test
  void spaceBetweenIdentifiersRemoved_differentChecksum() {
    // "int retries" and "intretries" are different code; the space between them counts.
    assertThat(SourceChecksum.of("{ int retries; }"))
        .isNotEqualTo(SourceChecksum.of("{ intretries; }"));
  }

  @Test
  void commentLikeTextInLiterals_isKept() {
    String withSqlComment = BODY.replace("(started_at)\"", "(started_at) -- by start\"");
    String withHint = BODY.replace("\"CREATE INDEX", "\"/* hint */ CREATE INDEX");
    String withSlashes = BODY.replace("DROP INDEX ix_workout_start", "DROP INDEX // x");
    String withSqlCommentInTextBlock = BODY.replace("DROP INDEX ix_workout_start", "-- none");

    assertThat(SourceChecksum.normalize(withSqlComment)).contains("(started_at) -- by start\"");
    assertThat(SourceChecksum.normalize(withHint)).contains("\"/* hint */ CREATE INDEX");
    assertThat(SourceChecksum.normalize(withSlashes)).contains("DROP INDEX // x\n");
    assertThat(SourceChecksum.normalize(withSqlCommentInTextBlock)).contains("\"\"\"\n-- none\n");
    assertThat(SourceChecksum.of(withSqlComment)).isNotEqualTo(SourceChecksum.of(BODY));
    assertThat(SourceChecksum.of(withHint)).isNotEqualTo(SourceChecksum.of(BODY));
    assertThat(SourceChecksum.of(withSlashes)).isNotEqualTo(SourceChecksum.of(BODY));
  }

  @Test
  void of_isSha256OfTheNormalisedText_as64LowercaseHexDigits() {
    // echo -n '{}' | sha256sum
    assertThat(SourceChecksum.of("{ }"))
        .isEqualTo("44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a");
  }

  @Test
  void classBody_startsAtTheFirstBraceAfterTheHeader() {
    String source = "@Revision(id = \"a\", down = {\"b\"}) class A /* { */ implements M { x(); }";
    int headerEnd = source.indexOf("M {") + 1;

    assertThat(SourceChecksum.classBody(source, headerEnd, source.length()).map(Object::toString))
        .hasValue("{ x(); }");
  }

  @Test
  void classBody_skipsCommentsBeforeTheBrace() {
    String source = "class A // {\n /* { */ { y(); }";

    assertThat(SourceChecksum.classBody(source, 0, source.length()).map(Object::toString))
        .hasValue("{ y(); }");
  }

  @Test
  void classBody_withPositionsThatDoNotFit_isEmpty() {
    String source = "class A { }";

    assertThat(SourceChecksum.classBody(source, -1, source.length())).isEmpty();
    assertThat(SourceChecksum.classBody(source, 0, source.length() + 1)).isEmpty();
    assertThat(SourceChecksum.classBody(source, 0, source.length() - 1)).isEmpty();
    assertThat(SourceChecksum.classBody("class A", 0, 7)).isEmpty();
  }
}
