INSERT INTO note (id, body, author) VALUES (1, 'from spring.sql.init', 'script');
