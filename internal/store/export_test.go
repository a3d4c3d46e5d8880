package store

import "database/sql"

// RawDB gives tests the write connection, to tamper with rows the way an
// attacker with file access could.
func (s *Store) RawDB() *sql.DB { return s.w }
