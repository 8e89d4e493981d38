-- The schema the model wants: what the two revisions build.
CREATE TABLE users (id INTEGER PRIMARY KEY, name TEXT, email TEXT);
