package dev.retort.runtime.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.retort.runtime.internal.DdlStatements.Statement;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The DDL splitter: a ; ends a statement only outside comments, quotes and bodies. */
class DdlStatementsTest {

  @Test
  void semicolonsInCommentsQuotesAndIdentifiers_endNothing() {
    String script =
        """
        -- header; not a statement
        /* block; comment
           over two lines */
        CREATE TABLE "a;b" (note TEXT DEFAULT 'x;y''z;');

        create index ix on "a;b" (note) ;
        INSERT INTO t VALUES (E'it\\'s; fine')""";

    assertEquals(
        List.of(
            new Statement(4, "CREATE TABLE \"a;b\" (note TEXT DEFAULT 'x;y''z;')"),
            new Statement(6, "create index ix on \"a;b\" (note)"),
            new Statement(7, "INSERT INTO t VALUES (E'it\\'s; fine')")),
        DdlStatements.split(script, true));
  }

  @Test
  void postgresDollarQuotedBody_isOneStatement() {
    String script =
        """
        CREATE FUNCTION touch() RETURNS trigger AS $body$
        BEGIN
          NEW.updated_at := now();
          RETURN NEW;
        END;
        $body$ LANGUAGE plpgsql;
        CREATE TRIGGER t BEFORE UPDATE ON w FOR EACH ROW EXECUTE FUNCTION touch();
        """;

    List<Statement> statements = DdlStatements.split(script, true);

    assertEquals(2, statements.size(), statements::toString);
    assertEquals(1, statements.get(0).line());
    assertEquals("$body$ LANGUAGE plpgsql", statements.get(0).sql().lines().toList().get(5));
    assertEquals(7, statements.get(1).line());
  }

  @Test
  void sqliteTriggerBody_withCase_isOneStatement() {
    String script =
        """
        CREATE TABLE w (id INTEGER, [odd;name] TEXT, `x;y` TEXT);
        CREATE TRIGGER tr AFTER INSERT ON w BEGIN
          UPDATE w SET x = CASE WHEN NEW.id > 0 THEN 'p' ELSE 'n' END;
          DELETE FROM w WHERE id < 0;
        END;
        CREATE INDEX i ON w (id)""";

    List<Statement> statements = DdlStatements.split(script, false);

    assertEquals(
        List.of(1, 2, 6), statements.stream().map(Statement::line).toList(), statements::toString);
    assertEquals("CREATE INDEX i ON w (id)", statements.get(2).sql());
    assertEquals("END", statements.get(1).sql().lines().toList().get(3));
  }

  @Test
  void emptyStatementsAndTrailingComment_skipped() {
    assertEquals(
        List.of(new Statement(2, "CREATE TABLE a (id INTEGER)")),
        DdlStatements.split(";\nCREATE TABLE a (id INTEGER);;\n-- done\n", false));
  }
}
