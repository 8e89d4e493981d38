// The build log holds the plugin's output; the database file holds the result.
def log = new File(basedir, 'build.log').text
def expect = { pattern ->
  if (!(log =~ pattern)) {
    throw new AssertionError("build.log lacks /" + pattern + "/:\n" + log)
  }
}
expect(/\[INFO\] 77b0c4d1e2f3  upgrade +\d+ ms  create users/)
expect(/\[INFO\] 9c2e5a7b3d10  upgrade +\d+ ms  add email/)
expect(/\[INFO\] upgraded base -> 9c2e5a7b3d10: 2 revisions in \d+ ms/)
expect(/\[INFO\] 9c2e5a7b3d10  \(head\)  add email/)
expect(/\[INFO\] version table retort_version and history table retort_history are in place/)
expect(/\[INFO\] 77b0c4d1e2f3  ->  9c2e5a7b3d10  \(head\) \(current\)  add email/)
expect(/\[INFO\] <base> +->  77b0c4d1e2f3 +create users/)
expect(/\[INFO\] Rev: 77b0c4d1e2f3/)
expect(/\[INFO\] checked 2 applied revisions: 2 checksums match/)
expect(/\[INFO\] no drift: the database matches its revisions at 9c2e5a7b3d10/)
expect(/\[INFO\] compared with the target, the DDL file .*src.main.sql.schema\.sql/)
expect(/\[INFO\] no pending changes: the target matches the schema the revisions build at head/)
expect(/\[INFO\] stamped 9c2e5a7b3d10 -> 9c2e5a7b3d10; no revision ran/)
expect(/\[INFO\] no changes: the DDL file .*schema\.sql matches the schema the revisions build at 9c2e5a7b3d10; no revision written/)
expect(/BUILD SUCCESS/)
assert !new File(basedir, 'src/main/java/com/example/db/Nothing.java').exists()
assert new File(basedir, 'target/app.db').length() > 0
return true
