// Command yamlsyntax is the YAML syntax oracle: what kubectl's YAML-to-JSON step says of one
// document, the text the YAMLReader of k8s.io/apimachinery/pkg/util/yaml handed over.
//
//	yamlsyntax CASES.json > RESULTS.json
//
// CASES.json is [{"name", "text"}]. Each result is {"name", "error", "depth"}: error is the text of
// sigs.k8s.io/yaml.YAMLToJSON's error ("" when it converts), depth the nesting of mappings and
// sequences in go-yaml's node tree of the document (aliases counting as the node they name),
// given only when the document converts. YAMLToJSON walks Go maps, whose order is random: when
// eight runs of a case disagree, every error seen is listed under "alternatives".
//
// The depth needs go-yaml's unexported node tree: built as below it is left out; diff.mjs builds
// with -tags nodedepth against a copy of go.yaml.in/yaml/v2 that adds node_depth.go.in
// (depth_nodedepth.go).
//
//	cd conformance && go build -o .build/yamlsyntax ./yamlsyntax
package main

import (
	"encoding/json"
	"fmt"
	"os"
	"sort"

	"sigs.k8s.io/yaml"
)

type testCase struct {
	Name string `json:"name"`
	Text string `json:"text"`
}

type result struct {
	Name         string   `json:"name"`
	Error        string   `json:"error"`
	Depth        *int     `json:"depth,omitempty"`
	Alternatives []string `json:"alternatives,omitempty"`
}

// convert is YAMLToJSON's error text; a panic (which would end kubectl) reads "panic: …".
func convert(text string) (message string) {
	defer func() {
		if v := recover(); v != nil {
			message = fmt.Sprintf("panic: %v", v)
		}
	}()
	if _, err := yaml.YAMLToJSON([]byte(text)); err != nil {
		return err.Error()
	}
	return ""
}

func main() {
	if len(os.Args) == 2 && os.Args[1] == "--fmt-order" {
		// The order fmt prints interface{} map keys of different types in (by type descriptor
		// address, so a property of this binary).
		fmt.Printf("%#v\n", map[interface{}]interface{}{1: 0, "a": 0, 1.5: 0, true: 0, uint64(1): 0})
		return
	}
	data, err := os.ReadFile(os.Args[1])
	if err != nil {
		panic(err)
	}
	var cases []testCase
	if err := json.Unmarshal(data, &cases); err != nil {
		panic(err)
	}
	results := make([]result, len(cases))
	for i, c := range cases {
		first := convert(c.Text)
		seen := map[string]bool{first: true}
		for run := 0; run < 7; run++ {
			seen[convert(c.Text)] = true
		}
		r := result{Name: c.Name, Error: first}
		if len(seen) > 1 {
			for message := range seen {
				r.Alternatives = append(r.Alternatives, message)
			}
			sort.Strings(r.Alternatives)
		}
		if first == "" {
			r.Depth = depth(c.Text)
		}
		results[i] = r
	}
	out, err := json.Marshal(results)
	if err != nil {
		panic(err)
	}
	os.Stdout.Write(out)
}
