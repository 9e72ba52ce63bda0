//go:build !nodedepth

package main

// depth is not known without go-yaml's node tree (build with -tags nodedepth, as diff.mjs does).
func depth(string) *int {
	return nil
}
