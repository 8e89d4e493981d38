package dev.retort.runtime.internal;

import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A {@link java.sql.PreparedStatement} that only remembers the values bound to it, so that an
 * offline script binds through the dialect's own {@code bind} (Retort's date-time rule included)
 * and then writes each value as a literal. Everything else is refused: offline there is no database
 * to ask, so a dialect that needs one (PostgreSQL's parameter metadata, for a date-time in {@code
 * execute(sql, parameters)}) fails instead of guessing.
 */
final class RecordingStatement implements java.sql.PreparedStatement {
  private static final Object UNSET = new Object();

  private final Object[] values;

  RecordingStatement(int parameters) {
    values = new Object[parameters];
    Arrays.fill(values, UNSET);
  }

  /** The bound values in order; null for SQL NULL. */
  List<Object> values() {
    List<Object> bound = new ArrayList<>(values.length);
    for (int i = 0; i < values.length; i++) {
      if (values[i] == UNSET) {
        throw new IllegalStateException("parameter " + (i + 1) + " was not bound");
      }
      bound.add(values[i]);
    }
    return bound;
  }

  private void record(int index, Object value) throws SQLException {
    if (index < 1 || index > values.length) {
      throw new SQLException("parameter index " + index + " out of 1.." + values.length);
    }
    values[index - 1] = value;
  }

  private static SQLException unsupported(String method) {
    return new SQLFeatureNotSupportedException(
        method + ": offline SQL has no database connection to ask");
  }

  @Override
  public <T> T unwrap(Class<T> a0) throws SQLException {
    throw unsupported("unwrap");
  }

  @Override
  public boolean execute() throws SQLException {
    throw unsupported("execute");
  }

  @Override
  public boolean execute(String a0) throws SQLException {
    throw unsupported("execute");
  }

  @Override
  public boolean execute(String a0, int a1) throws SQLException {
    throw unsupported("execute");
  }

  @Override
  public boolean execute(String a0, int[] a1) throws SQLException {
    throw unsupported("execute");
  }

  @Override
  public boolean execute(String a0, String[] a1) throws SQLException {
    throw unsupported("execute");
  }

  @Override
  public boolean getMoreResults() throws SQLException {
    throw unsupported("getMoreResults");
  }

  @Override
  public boolean getMoreResults(int a0) throws SQLException {
    throw unsupported("getMoreResults");
  }

  @Override
  public boolean isCloseOnCompletion() throws SQLException {
    throw unsupported("isCloseOnCompletion");
  }

  @Override
  public boolean isClosed() throws SQLException {
    return false;
  }

  @Override
  public boolean isPoolable() throws SQLException {
    throw unsupported("isPoolable");
  }

  @Override
  public boolean isWrapperFor(Class<?> a0) throws SQLException {
    throw unsupported("isWrapperFor");
  }

  @Override
  public int executeUpdate() throws SQLException {
    throw unsupported("executeUpdate");
  }

  @Override
  public int executeUpdate(String a0) throws SQLException {
    throw unsupported("executeUpdate");
  }

  @Override
  public int executeUpdate(String a0, int a1) throws SQLException {
    throw unsupported("executeUpdate");
  }

  @Override
  public int executeUpdate(String a0, int[] a1) throws SQLException {
    throw unsupported("executeUpdate");
  }

  @Override
  public int executeUpdate(String a0, String[] a1) throws SQLException {
    throw unsupported("executeUpdate");
  }

  @Override
  public int getFetchDirection() throws SQLException {
    throw unsupported("getFetchDirection");
  }

  @Override
  public int getFetchSize() throws SQLException {
    throw unsupported("getFetchSize");
  }

  @Override
  public int getMaxFieldSize() throws SQLException {
    throw unsupported("getMaxFieldSize");
  }

  @Override
  public int getMaxRows() throws SQLException {
    throw unsupported("getMaxRows");
  }

  @Override
  public int getQueryTimeout() throws SQLException {
    throw unsupported("getQueryTimeout");
  }

  @Override
  public int getResultSetConcurrency() throws SQLException {
    throw unsupported("getResultSetConcurrency");
  }

  @Override
  public int getResultSetHoldability() throws SQLException {
    throw unsupported("getResultSetHoldability");
  }

  @Override
  public int getResultSetType() throws SQLException {
    throw unsupported("getResultSetType");
  }

  @Override
  public int getUpdateCount() throws SQLException {
    throw unsupported("getUpdateCount");
  }

  @Override
  public int[] executeBatch() throws SQLException {
    throw unsupported("executeBatch");
  }

  @Override
  public java.sql.Connection getConnection() throws SQLException {
    throw unsupported("getConnection");
  }

  @Override
  public java.sql.ParameterMetaData getParameterMetaData() throws SQLException {
    throw unsupported("getParameterMetaData");
  }

  @Override
  public java.sql.ResultSet executeQuery() throws SQLException {
    throw unsupported("executeQuery");
  }

  @Override
  public java.sql.ResultSet executeQuery(String a0) throws SQLException {
    throw unsupported("executeQuery");
  }

  @Override
  public java.sql.ResultSet getGeneratedKeys() throws SQLException {
    throw unsupported("getGeneratedKeys");
  }

  @Override
  public java.sql.ResultSet getResultSet() throws SQLException {
    throw unsupported("getResultSet");
  }

  @Override
  public java.sql.ResultSetMetaData getMetaData() throws SQLException {
    throw unsupported("getMetaData");
  }

  @Override
  public java.sql.SQLWarning getWarnings() throws SQLException {
    throw unsupported("getWarnings");
  }

  @Override
  public void addBatch() throws SQLException {
    throw unsupported("addBatch");
  }

  @Override
  public void addBatch(String a0) throws SQLException {
    throw unsupported("addBatch");
  }

  @Override
  public void cancel() throws SQLException {
    throw unsupported("cancel");
  }

  @Override
  public void clearBatch() throws SQLException {
    throw unsupported("clearBatch");
  }

  @Override
  public void clearParameters() throws SQLException {
    java.util.Arrays.fill(values, UNSET);
  }

  @Override
  public void clearWarnings() throws SQLException {
    throw unsupported("clearWarnings");
  }

  @Override
  public void close() {}

  @Override
  public void closeOnCompletion() throws SQLException {
    throw unsupported("closeOnCompletion");
  }

  @Override
  public void setArray(int a0, java.sql.Array a1) throws SQLException {
    record(a0, a1);
  }

  @Override
  public void setAsciiStream(int a0, java.io.InputStream a1) throws SQLException {
    record(a0, a1);
  }

  @Override
  public void setAsciiStream(int a0, java.io.InputStream a1, int a2) throws SQLException {
    record(a0, a1);
  }

  @Override
  public void setAsciiStream(int a0, java.io.InputStream a1, long a2) throws SQLException {
    record(a0, a1);
  }

  @Override
  public void setBigDecimal(int a0, java.math.BigDecimal a1) throws SQLException {
    record(a0, a1);
  }

  @Override
  public void setBinaryStream(int a0, java.io.InputStream a1) throws SQLException {
    record(a0, a1);
  }

  @Override
  public void setBinaryStream(int a0, java.io.InputStream a1, int a2) throws SQLException {
    record(a0, a1);
  }

  @Override
  public void setBinaryStream(int a0, java.io.InputStream a1, long a2) throws SQLException {
    record(a0, a1);
  }

  @Override
  public void setBlob(int a0, java.io.InputStream a1) throws SQLException {
    record(a0, a1);
  }

  @Override
  public void setBlob(int a0, java.io.InputStream a1, long a2) throws SQLException {
    record(a0, a1);
  }

  @Override
  public void setBlob(int a0, java.sql.Blob a1) throws SQLException {
    record(a0, a1);
  }

  @Override
  public void setBoolean(int a0, boolean a1) throws SQLException {
    record(a0, a1);
  }

  @Override
  public void setByte(int a0, byte a1) throws SQLException {
    record(a0, a1);
  }

  @Override
  public void setBytes(int a0, byte[] a1) throws SQLException {
    record(a0, a1);
  }

  @Override
  public void setCharacterStream(int a0, java.io.Reader a1) throws SQLException {
    record(a0, a1);
  }

  @Override
  public void setCharacterStream(int a0, java.io.Reader a1, int a2) throws SQLException {
    record(a0, a1);
  }

  @Override
  public void setCharacterStream(int a0, java.io.Reader a1, long a2) throws SQLException {
    record(a0, a1);
  }

  @Override
  public void setClob(int a0, java.io.Reader a1) throws SQLException {
    record(a0, a1);
  }

  @Override
  public void setClob(int a0, java.io.Reader a1, long a2) throws SQLException {
    record(a0, a1);
  }

  @Override
  public void setClob(int a0, java.sql.Clob a1) throws SQLException {
    record(a0, a1);
  }

  @Override
  public void setCursorName(String a0) throws SQLException {
    throw unsupported("setCursorName");
  }

  @Override
  public void setDate(int a0, java.sql.Date a1) throws SQLException {
    record(a0, a1);
  }

  @Override
  public void setDate(int a0, java.sql.Date a1, java.util.Calendar a2) throws SQLException {
    record(a0, a1);
  }

  @Override
  public void setDouble(int a0, double a1) throws SQLException {
    record(a0, a1);
  }

  @Override
  public void setEscapeProcessing(boolean a0) throws SQLException {
    throw unsupported("setEscapeProcessing");
  }

  @Override
  public void setFetchDirection(int a0) throws SQLException {
    throw unsupported("setFetchDirection");
  }

  @Override
  public void setFetchSize(int a0) throws SQLException {
    throw unsupported("setFetchSize");
  }

  @Override
  public void setFloat(int a0, float a1) throws SQLException {
    record(a0, a1);
  }

  @Override
  public void setInt(int a0, int a1) throws SQLException {
    record(a0, a1);
  }

  @Override
  public void setLong(int a0, long a1) throws SQLException {
    record(a0, a1);
  }

  @Override
  public void setMaxFieldSize(int a0) throws SQLException {
    throw unsupported("setMaxFieldSize");
  }

  @Override
  public void setMaxRows(int a0) throws SQLException {
    throw unsupported("setMaxRows");
  }

  @Override
  public void setNCharacterStream(int a0, java.io.Reader a1) throws SQLException {
    record(a0, a1);
  }

  @Override
  public void setNCharacterStream(int a0, java.io.Reader a1, long a2) throws SQLException {
    record(a0, a1);
  }

  @Override
  public void setNClob(int a0, java.io.Reader a1) throws SQLException {
    record(a0, a1);
  }

  @Override
  public void setNClob(int a0, java.io.Reader a1, long a2) throws SQLException {
    record(a0, a1);
  }

  @Override
  public void setNClob(int a0, java.sql.NClob a1) throws SQLException {
    record(a0, a1);
  }

  @Override
  public void setNString(int a0, String a1) throws SQLException {
    record(a0, a1);
  }

  @Override
  public void setNull(int a0, int a1) throws SQLException {
    record(a0, null);
  }

  @Override
  public void setNull(int a0, int a1, String a2) throws SQLException {
    record(a0, null);
  }

  @Override
  public void setObject(int a0, Object a1) throws SQLException {
    record(a0, a1);
  }

  @Override
  public void setObject(int a0, Object a1, int a2) throws SQLException {
    record(a0, a1);
  }

  @Override
  public void setObject(int a0, Object a1, int a2, int a3) throws SQLException {
    record(a0, a1);
  }

  @Override
  public void setPoolable(boolean a0) throws SQLException {
    throw unsupported("setPoolable");
  }

  @Override
  public void setQueryTimeout(int a0) throws SQLException {
    throw unsupported("setQueryTimeout");
  }

  @Override
  public void setRef(int a0, java.sql.Ref a1) throws SQLException {
    record(a0, a1);
  }

  @Override
  public void setRowId(int a0, java.sql.RowId a1) throws SQLException {
    record(a0, a1);
  }

  @Override
  public void setSQLXML(int a0, java.sql.SQLXML a1) throws SQLException {
    record(a0, a1);
  }

  @Override
  public void setShort(int a0, short a1) throws SQLException {
    record(a0, a1);
  }

  @Override
  public void setString(int a0, String a1) throws SQLException {
    record(a0, a1);
  }

  @Override
  public void setTime(int a0, java.sql.Time a1) throws SQLException {
    record(a0, a1);
  }

  @Override
  public void setTime(int a0, java.sql.Time a1, java.util.Calendar a2) throws SQLException {
    record(a0, a1);
  }

  @Override
  public void setTimestamp(int a0, java.sql.Timestamp a1) throws SQLException {
    record(a0, a1);
  }

  @Override
  public void setTimestamp(int a0, java.sql.Timestamp a1, java.util.Calendar a2)
      throws SQLException {
    record(a0, a1);
  }

  @Override
  public void setURL(int a0, java.net.URL a1) throws SQLException {
    record(a0, a1);
  }

  @Override
  public void setUnicodeStream(int a0, java.io.InputStream a1, int a2) throws SQLException {
    record(a0, a1);
  }
}
