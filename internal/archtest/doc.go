// Package archtest holds the tests of the repository's layout: where Go
// code may live, which package names are allowed and which packages may
// import which (the one direction of the imports, docs/architecture.md).
// It has no code of its own.
package archtest
