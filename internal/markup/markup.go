// Package markup renders the bodies of public portal posts. Editors write
// them in a small, safe subset of Markdown: HTML turns that into markup that
// cannot carry script, Text and Summary derive plain text for search and
// feeds, and Check gives the editor a clear refusal when a body tries to
// smuggle HTML or script in.
//
// Safety does not rest on Check: HTML escapes every character of the source
// that it does not itself turn into a tag, and writes only a fixed set of
// tags and attributes, so a body that skipped Check still renders harmlessly.
// Check exists so that an editor who pastes a script learns it was refused
// instead of seeing it silently shown as text.
//
// Everything here is pure: no I/O, no state that changes.
package markup

// Nesting limits. They keep the recursion shallow and the cost of a hostile
// body (thousands of ">" or "*") linear; real posts never come near them.
const (
	maxQuoteDepth  = 4
	maxInlineDepth = 8
)
