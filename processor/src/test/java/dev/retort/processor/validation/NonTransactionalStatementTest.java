package dev.retort.processor.validation;

import static com.google.common.truth.Truth.assertThat;
import static dev.retort.processor.validation.NonTransactionalStatement.ALTER_SYSTEM;
import static dev.retort.processor.validation.NonTransactionalStatement.ALTER_TYPE_ADD_VALUE;
import static dev.retort.processor.validation.NonTransactionalStatement.CREATE_DATABASE;
import static dev.retort.processor.validation.NonTransactionalStatement.CREATE_INDEX_CONCURRENTLY;
import static dev.retort.processor.validation.NonTransactionalStatement.CREATE_UNIQUE_INDEX_CONCURRENTLY;
import static dev.retort.processor.validation.NonTransactionalStatement.DROP_DATABASE;
import static dev.retort.processor.validation.NonTransactionalStatement.DROP_INDEX_CONCURRENTLY;
import static dev.retort.processor.validation.NonTransactionalStatement.REINDEX_CONCURRENTLY;
import static dev.retort.processor.validation.NonTransactionalStatement.VACUUM;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class NonTransactionalStatementTest {
  @Test
  void eachStatement_isFound() {
    assertThat(find("CREATE INDEX CONCURRENTLY ix ON t (c)")).hasValue(CREATE_INDEX_CONCURRENTLY);
    assertThat(find("CREATE INDEX CONCURRENTLY IF NOT EXISTS ix ON t (c)"))
        .hasValue(CREATE_INDEX_CONCURRENTLY);
    assertThat(find("create unique index concurrently ix on t (c)"))
        .hasValue(CREATE_UNIQUE_INDEX_CONCURRENTLY);
    assertThat(find("DROP INDEX CONCURRENTLY IF EXISTS ix")).hasValue(DROP_INDEX_CONCURRENTLY);
    assertThat(find("REINDEX INDEX CONCURRENTLY ix")).hasValue(REINDEX_CONCURRENTLY);
    assertThat(find("REINDEX (VERBOSE) TABLE CONCURRENTLY t")).hasValue(REINDEX_CONCURRENTLY);
    assertThat(find("VACUUM")).hasValue(VACUUM);
    assertThat(find("vacuum (analyze) workout")).hasValue(VACUUM);
    assertThat(find("CREATE DATABASE tenant_2")).hasValue(CREATE_DATABASE);
    assertThat(find("DROP DATABASE IF EXISTS tenant_2")).hasValue(DROP_DATABASE);
    assertThat(find("ALTER SYSTEM SET work_mem = '64MB'")).hasValue(ALTER_SYSTEM);
    assertThat(find("ALTER TYPE mood ADD VALUE 'meh'")).hasValue(ALTER_TYPE_ADD_VALUE);
    assertThat(find("ALTER TYPE public.mood ADD VALUE IF NOT EXISTS 'meh' AFTER 'ok'"))
        .hasValue(ALTER_TYPE_ADD_VALUE);
    assertThat(find("ALTER TYPE \"Mood\" ADD VALUE 'meh'")).hasValue(ALTER_TYPE_ADD_VALUE);
  }

  @Test
  void leadingWhitespaceAndComments_areSkipped() {
    assertThat(
            find(
                "\n  -- rebuild without locking writers\n  /* see #12 */ CREATE INDEX"
                    + " CONCURRENTLY ix ON t (c)"))
        .hasValue(CREATE_INDEX_CONCURRENTLY);
    assertThat(find("/* outer /* nested */ still a comment */ VACUUM")).hasValue(VACUUM);
  }

  @Test
  void anyStatementOfSeveral_isFound() {
    assertThat(find("UPDATE t SET a = 1; VACUUM t;")).hasValue(VACUUM);
  }

  @Test
  void statementsThatRunInATransaction_areNotFound() {
    assertThat(find("CREATE INDEX ix ON t (c)")).isEmpty();
    assertThat(find("CREATE UNIQUE INDEX ix_concurrently ON t (c)")).isEmpty();
    assertThat(find("DROP INDEX ix")).isEmpty();
    assertThat(find("REINDEX INDEX ix")).isEmpty();
    assertThat(find("ANALYZE t")).isEmpty();
    assertThat(find("ALTER TABLE t ADD COLUMN value int")).isEmpty();
    assertThat(find("ALTER TYPE mood RENAME VALUE 'meh' TO 'fine'")).isEmpty();
    assertThat(find("ALTER TYPE mood ADD ATTRIBUTE add value")).isEmpty();
    assertThat(find("CREATE TABLE vacuum_log (id int)")).isEmpty();
    assertThat(find("")).isEmpty();
  }

  @Test
  void keywordsInLiteralsCommentsAndQuotedNames_areNotFound() {
    assertThat(find("INSERT INTO log VALUES ('VACUUM')")).isEmpty();
    assertThat(find("INSERT INTO log VALUES ('it''s; VACUUM')")).isEmpty();
    assertThat(find("INSERT INTO log VALUES (E'it\\'s; VACUUM')")).isEmpty();
    assertThat(find("SELECT $$; VACUUM; $$")).isEmpty();
    assertThat(find("SELECT $body$; VACUUM; $body$, $1")).isEmpty();
    assertThat(find("-- VACUUM\nSELECT 1")).isEmpty();
    assertThat(find("/* VACUUM; */ SELECT 1")).isEmpty();
    assertThat(find("SELECT \"a;VACUUM\" FROM t")).isEmpty();
  }

  private static Optional<NonTransactionalStatement> find(String sql) {
    return NonTransactionalStatement.find(sql);
  }
}
