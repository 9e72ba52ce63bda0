//go:build nodedepth

package main

import goyaml "go.yaml.in/yaml/v2"

// depth is the nesting of go-yaml's node tree of the first document (NodeDepth, which
// node_depth.go.in adds to a copy of go.yaml.in/yaml/v2; see diff.mjs), nil when it fails.
func depth(text string) (d *int) {
	defer func() {
		if recover() != nil {
			d = nil
		}
	}()
	n, err := goyaml.NodeDepth([]byte(text))
	if err != nil {
		return nil
	}
	return &n
}
