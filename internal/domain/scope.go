package domain

import "strings"

// Actor is who makes a change, as the audit trail records it.
type Actor struct {
	UserID   int64
	Username string
	Client   string // the client's address
}

// SystemActor is the actor of changes made by tebdg itself (migrations,
// demo data, jobs) and by the command line.
var SystemActor = Actor{Username: "system"}

// Scope is the part of the org tree a user reaches for some purpose: all of
// it, or the subtrees whose paths are listed. The zero Scope reaches nothing.
type Scope struct {
	All   bool
	Paths []string // "/1/4/" prefixes; none is inside another
}

// Reaches reports whether an org unit with the given path is in scope.
func (s Scope) Reaches(path string) bool {
	if s.All {
		return true
	}
	for _, p := range s.Paths {
		if strings.HasPrefix(path, p) {
			return true
		}
	}
	return false
}

// Empty reports whether the scope reaches nothing.
func (s Scope) Empty() bool { return !s.All && len(s.Paths) == 0 }

// Add widens the scope by a subtree, keeping the list free of nested paths.
func (s *Scope) Add(path string) {
	if s.All || s.Reaches(path) {
		return
	}
	kept := s.Paths[:0]
	for _, p := range s.Paths {
		if !strings.HasPrefix(p, path) {
			kept = append(kept, p)
		}
	}
	s.Paths = append(kept, path)
}
