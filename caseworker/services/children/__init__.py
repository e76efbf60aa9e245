"""Children and their families: the facts the rules read, sensitive records, name matching."""
