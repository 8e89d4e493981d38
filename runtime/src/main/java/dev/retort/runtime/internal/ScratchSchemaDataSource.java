package dev.retort.runtime.internal;

import dev.retort.runtime.dialect.PostgresDialect;
import java.io.PrintWriter;
import java.sql.Array;
import java.sql.Blob;
import java.sql.CallableStatement;
import java.sql.Clob;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.NClob;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLClientInfoException;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.SQLWarning;
import java.sql.SQLXML;
import java.sql.Savepoint;
import java.sql.Statement;
import java.sql.Struct;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Executor;
import java.util.logging.Logger;
import javax.sql.DataSource;

/**
 * Connections of the live database's {@link DataSource} that work in one scratch schema: each has
 * its {@code search_path} set to that schema alone when handed out and put back as it was when
 * closed, so that a pooled connection goes back to the pool unchanged. With the scratch schema
 * alone on the path, a revision's unqualified names can reach nothing of the live schema.
 */
final class ScratchSchemaDataSource implements DataSource {
  private final DataSource live;
  private final PostgresDialect dialect;
  private final String schema;

  ScratchSchemaDataSource(DataSource live, PostgresDialect dialect, String schema) {
    this.live = live;
    this.dialect = dialect;
    this.schema = schema;
  }

  @Override
  public Connection getConnection() throws SQLException {
    return enter(live.getConnection());
  }

  @Override
  public Connection getConnection(String user, String password) throws SQLException {
    return enter(live.getConnection(user, password));
  }

  private Connection enter(Connection connection) throws SQLException {
    try {
      String previous;
      try (Statement statement = connection.createStatement();
          ResultSet row = statement.executeQuery(dialect.showSearchPath())) {
        row.next();
        previous = row.getString(1);
      }
      setSearchPath(connection, dialect.quote(schema));
      return new SchemaConnection(connection, previous);
    } catch (SQLException | RuntimeException e) {
      try {
        connection.close();
      } catch (SQLException closing) {
        e.addSuppressed(closing);
      }
      throw e;
    }
  }

  private void setSearchPath(Connection connection, String path) throws SQLException {
    boolean autoCommit = connection.getAutoCommit();
    try (PreparedStatement statement = connection.prepareStatement(dialect.setSearchPath())) {
      statement.setString(1, path);
      statement.execute();
    }
    if (!autoCommit) {
      connection.commit(); // set_config(..., false) lasts for the session only once committed
    }
  }

  @Override
  public PrintWriter getLogWriter() throws SQLException {
    return live.getLogWriter();
  }

  @Override
  public void setLogWriter(PrintWriter out) throws SQLException {
    live.setLogWriter(out);
  }

  @Override
  public void setLoginTimeout(int seconds) throws SQLException {
    live.setLoginTimeout(seconds);
  }

  @Override
  public int getLoginTimeout() throws SQLException {
    return live.getLoginTimeout();
  }

  @Override
  public Logger getParentLogger() throws SQLFeatureNotSupportedException {
    return live.getParentLogger();
  }

  @Override
  public <T> T unwrap(Class<T> type) throws SQLException {
    throw new SQLException("a scratch-schema data source wraps nothing it can hand out");
  }

  @Override
  public boolean isWrapperFor(Class<?> type) {
    return false;
  }

  /** A connection that puts its {@code search_path} back before it is closed. */
  private final class SchemaConnection implements Connection {
    private final Connection delegate;
    private final String previousPath;

    SchemaConnection(Connection delegate, String previousPath) {
      this.delegate = delegate;
      this.previousPath = previousPath;
    }

    @Override
    public void close() throws SQLException {
      try (delegate) {
        if (!delegate.isClosed()) {
          if (!delegate.getAutoCommit()) {
            delegate.rollback();
          }
          setSearchPath(delegate, previousPath);
        }
      }
    }

    @Override
    public <T> T unwrap(Class<T> type) throws SQLException {
      return delegate.unwrap(type);
    }

    @Override
    public boolean isWrapperFor(Class<?> type) throws SQLException {
      return delegate.isWrapperFor(type);
    }

    // Everything below hands the call to the pooled connection unchanged.

    @Override
    public Statement createStatement() throws SQLException {
      return delegate.createStatement();
    }

    @Override
    public PreparedStatement prepareStatement(String a0) throws SQLException {
      return delegate.prepareStatement(a0);
    }

    @Override
    public CallableStatement prepareCall(String a0) throws SQLException {
      return delegate.prepareCall(a0);
    }

    @Override
    public String nativeSQL(String a0) throws SQLException {
      return delegate.nativeSQL(a0);
    }

    @Override
    public void setAutoCommit(boolean a0) throws SQLException {
      delegate.setAutoCommit(a0);
    }

    @Override
    public boolean getAutoCommit() throws SQLException {
      return delegate.getAutoCommit();
    }

    @Override
    public void commit() throws SQLException {
      delegate.commit();
    }

    @Override
    public void rollback() throws SQLException {
      delegate.rollback();
    }

    @Override
    public boolean isClosed() throws SQLException {
      return delegate.isClosed();
    }

    @Override
    public DatabaseMetaData getMetaData() throws SQLException {
      return delegate.getMetaData();
    }

    @Override
    public void setReadOnly(boolean a0) throws SQLException {
      delegate.setReadOnly(a0);
    }

    @Override
    public boolean isReadOnly() throws SQLException {
      return delegate.isReadOnly();
    }

    @Override
    public void setCatalog(String a0) throws SQLException {
      delegate.setCatalog(a0);
    }

    @Override
    public String getCatalog() throws SQLException {
      return delegate.getCatalog();
    }

    @Override
    public void setTransactionIsolation(int a0) throws SQLException {
      delegate.setTransactionIsolation(a0);
    }

    @Override
    public int getTransactionIsolation() throws SQLException {
      return delegate.getTransactionIsolation();
    }

    @Override
    public SQLWarning getWarnings() throws SQLException {
      return delegate.getWarnings();
    }

    @Override
    public void clearWarnings() throws SQLException {
      delegate.clearWarnings();
    }

    @Override
    public Statement createStatement(int a0, int a1) throws SQLException {
      return delegate.createStatement(a0, a1);
    }

    @Override
    public PreparedStatement prepareStatement(String a0, int a1, int a2) throws SQLException {
      return delegate.prepareStatement(a0, a1, a2);
    }

    @Override
    public CallableStatement prepareCall(String a0, int a1, int a2) throws SQLException {
      return delegate.prepareCall(a0, a1, a2);
    }

    @Override
    public Map<String, Class<?>> getTypeMap() throws SQLException {
      return delegate.getTypeMap();
    }

    @Override
    public void setTypeMap(Map<String, Class<?>> a0) throws SQLException {
      delegate.setTypeMap(a0);
    }

    @Override
    public void setHoldability(int a0) throws SQLException {
      delegate.setHoldability(a0);
    }

    @Override
    public int getHoldability() throws SQLException {
      return delegate.getHoldability();
    }

    @Override
    public Savepoint setSavepoint() throws SQLException {
      return delegate.setSavepoint();
    }

    @Override
    public Savepoint setSavepoint(String a0) throws SQLException {
      return delegate.setSavepoint(a0);
    }

    @Override
    public void rollback(Savepoint a0) throws SQLException {
      delegate.rollback(a0);
    }

    @Override
    public void releaseSavepoint(Savepoint a0) throws SQLException {
      delegate.releaseSavepoint(a0);
    }

    @Override
    public Statement createStatement(int a0, int a1, int a2) throws SQLException {
      return delegate.createStatement(a0, a1, a2);
    }

    @Override
    public PreparedStatement prepareStatement(String a0, int a1, int a2, int a3) throws SQLException {
      return delegate.prepareStatement(a0, a1, a2, a3);
    }

    @Override
    public CallableStatement prepareCall(String a0, int a1, int a2, int a3) throws SQLException {
      return delegate.prepareCall(a0, a1, a2, a3);
    }

    @Override
    public PreparedStatement prepareStatement(String a0, int a1) throws SQLException {
      return delegate.prepareStatement(a0, a1);
    }

    @Override
    public PreparedStatement prepareStatement(String a0, int[] a1) throws SQLException {
      return delegate.prepareStatement(a0, a1);
    }

    @Override
    public PreparedStatement prepareStatement(String a0, String[] a1) throws SQLException {
      return delegate.prepareStatement(a0, a1);
    }

    @Override
    public Clob createClob() throws SQLException {
      return delegate.createClob();
    }

    @Override
    public Blob createBlob() throws SQLException {
      return delegate.createBlob();
    }

    @Override
    public NClob createNClob() throws SQLException {
      return delegate.createNClob();
    }

    @Override
    public SQLXML createSQLXML() throws SQLException {
      return delegate.createSQLXML();
    }

    @Override
    public boolean isValid(int a0) throws SQLException {
      return delegate.isValid(a0);
    }

    @Override
    public void setClientInfo(String a0, String a1) throws SQLClientInfoException {
      delegate.setClientInfo(a0, a1);
    }

    @Override
    public void setClientInfo(Properties a0) throws SQLClientInfoException {
      delegate.setClientInfo(a0);
    }

    @Override
    public String getClientInfo(String a0) throws SQLException {
      return delegate.getClientInfo(a0);
    }

    @Override
    public Properties getClientInfo() throws SQLException {
      return delegate.getClientInfo();
    }

    @Override
    public Array createArrayOf(String a0, Object[] a1) throws SQLException {
      return delegate.createArrayOf(a0, a1);
    }

    @Override
    public Struct createStruct(String a0, Object[] a1) throws SQLException {
      return delegate.createStruct(a0, a1);
    }

    @Override
    public void setSchema(String a0) throws SQLException {
      delegate.setSchema(a0);
    }

    @Override
    public String getSchema() throws SQLException {
      return delegate.getSchema();
    }

    @Override
    public void abort(Executor a0) throws SQLException {
      delegate.abort(a0);
    }

    @Override
    public void setNetworkTimeout(Executor a0, int a1) throws SQLException {
      delegate.setNetworkTimeout(a0, a1);
    }

    @Override
    public int getNetworkTimeout() throws SQLException {
      return delegate.getNetworkTimeout();
    }

  }
}
