"""Where the records live: the database engine, SQLCipher keys and encryption, migrations, backup."""
