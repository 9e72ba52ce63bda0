// Command apivalidation is the API oracle: it reads manifests as kubectl and the API server of the
// pinned release read them — documents split by kubectl's YAML-or-JSON decoder, each object
// decoded strictly into its v1 type, defaulted by the scheme, converted to the internal type and
// put through rest.BeforeCreate with the registry's own strategy (PrepareForCreate, Validate:
// pkg/apis/batch/validation ValidateJob for a Job, core validation for a ConfigMap or Secret).
//
//	apivalidation CASES.json > RESULTS.json
//
// CASES.json is [{"name": …, "text": …}]; each result lists the problems by stage: "syntax"
// (the document cannot be read), "typemeta" (apiVersion or kind missing), "badrequest" (strict
// decoding), "invalid" (field errors, each `field: message` as kubectl prints them), and how many
// Jobs were accepted.
package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"sort"
	"strings"

	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/runtime/schema"
	serializerjson "k8s.io/apimachinery/pkg/runtime/serializer/json"
	utilyaml "k8s.io/apimachinery/pkg/util/yaml"
	genericapirequest "k8s.io/apiserver/pkg/endpoints/request"
	"k8s.io/apiserver/pkg/registry/rest"
	"k8s.io/kubernetes/pkg/api/legacyscheme"
	_ "k8s.io/kubernetes/pkg/apis/batch/install"
	_ "k8s.io/kubernetes/pkg/apis/core/install"
	jobregistry "k8s.io/kubernetes/pkg/registry/batch/job"
	configmapregistry "k8s.io/kubernetes/pkg/registry/core/configmap"
	secretregistry "k8s.io/kubernetes/pkg/registry/core/secret"
)

type testCase struct {
	Name string `json:"name"`
	Text string `json:"text"`
}

type problem struct {
	Stage string   `json:"stage"`
	Kind  string   `json:"kind,omitempty"`
	Lines []string `json:"lines,omitempty"`
}

type result struct {
	Name     string    `json:"name"`
	Jobs     int       `json:"jobs"`
	Problems []problem `json:"problems"`
}

var kinds = map[string]struct {
	gv       schema.GroupVersion
	resource string
	strategy rest.RESTCreateStrategy
}{
	"Job":       {schema.GroupVersion{Group: "batch", Version: "v1"}, "jobs", jobregistry.Strategy},
	"ConfigMap": {schema.GroupVersion{Version: "v1"}, "configmaps", configmapregistry.Strategy},
	"Secret":    {schema.GroupVersion{Version: "v1"}, "secrets", secretregistry.Strategy},
}

func main() {
	if len(os.Args) != 2 {
		fmt.Fprintln(os.Stderr, "usage: apivalidation CASES.json")
		os.Exit(2)
	}
	data, err := os.ReadFile(os.Args[1])
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(2)
	}
	var cases []testCase
	if err := json.Unmarshal(data, &cases); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(2)
	}
	results := make([]result, 0, len(cases))
	for _, c := range cases {
		results = append(results, check(c))
	}
	out := json.NewEncoder(os.Stdout)
	out.SetEscapeHTML(false)
	if err := out.Encode(results); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(2)
	}
}

func check(c testCase) (r result) {
	r = result{Name: c.Name, Problems: []problem{}}
	defer func() {
		if p := recover(); p != nil {
			r.Problems = append(r.Problems, problem{Stage: "panic", Lines: []string{fmt.Sprint(p)}})
		}
	}()
	// kubectl's StreamVisitor: YAML or JSON documents, empty ones and `null` skipped.
	decoder := utilyaml.NewYAMLOrJSONDecoder(strings.NewReader(c.Text), 4096)
	for {
		ext := runtime.RawExtension{}
		if err := decoder.Decode(&ext); err != nil {
			if !errors.Is(err, io.EOF) {
				r.Problems = append(r.Problems, problem{Stage: "syntax", Lines: []string{err.Error()}})
			}
			return r
		}
		raw := bytes.TrimSpace(ext.Raw)
		if len(raw) == 0 || bytes.Equal(raw, []byte("null")) {
			continue
		}
		checkObject(raw, &r)
	}
}

func checkObject(raw []byte, r *result) {
	var typeMeta metav1.TypeMeta
	if err := json.Unmarshal(raw, &typeMeta); err != nil {
		r.Problems = append(r.Problems, problem{Stage: "typemeta", Lines: []string{err.Error()}})
		return
	}
	if typeMeta.APIVersion == "" || typeMeta.Kind == "" {
		r.Problems = append(r.Problems, problem{Stage: "typemeta"})
		return
	}
	k, ok := kinds[typeMeta.Kind]
	if !ok {
		return // not read by job-action either
	}
	if typeMeta.APIVersion != k.gv.String() {
		r.Problems = append(r.Problems, problem{Stage: "mapping", Kind: typeMeta.Kind})
		return
	}
	gvk := k.gv.WithKind(typeMeta.Kind)
	scheme := legacyscheme.Scheme
	strict := serializerjson.NewSerializerWithOptions(serializerjson.DefaultMetaFactory, scheme, scheme,
		serializerjson.SerializerOptions{Strict: true})
	versioned, err := scheme.New(gvk)
	if err != nil {
		panic(err)
	}
	if _, _, err := strict.Decode(raw, &gvk, versioned); err != nil {
		r.Problems = append(r.Problems, problem{Stage: "badrequest", Kind: typeMeta.Kind, Lines: []string{err.Error()}})
		return
	}
	scheme.Default(versioned)
	internal, err := scheme.New(gvk.GroupKind().WithVersion(runtime.APIVersionInternal))
	if err != nil {
		panic(err)
	}
	if err := scheme.Convert(versioned, internal, nil); err != nil {
		r.Problems = append(r.Problems, problem{Stage: "badrequest", Kind: typeMeta.Kind, Lines: []string{err.Error()}})
		return
	}
	meta, err := metaOf(internal)
	if err != nil {
		panic(err)
	}
	if meta.GetNamespace() == "" {
		meta.SetNamespace("default")
	}
	if meta.GetResourceVersion() != "" {
		r.Problems = append(r.Problems, problem{Stage: "badrequest", Kind: typeMeta.Kind,
			Lines: []string{"resourceVersion should not be set on objects to be created"}})
		return
	}
	ctx := genericapirequest.WithNamespace(context.Background(), meta.GetNamespace())
	ctx = genericapirequest.WithRequestInfo(ctx, &genericapirequest.RequestInfo{
		IsResourceRequest: true, Verb: "create", APIPrefix: "apis", APIGroup: k.gv.Group,
		APIVersion: k.gv.Version, Namespace: meta.GetNamespace(), Resource: k.resource,
	})
	rest.FillObjectMetaSystemFields(meta) // the create handler's uid and creationTimestamp
	if err := rest.BeforeCreate(k.strategy, ctx, internal); err != nil {
		var status apierrors.APIStatus
		if errors.As(err, &status) && status.Status().Details != nil && apierrors.IsInvalid(err) {
			seen := map[string]bool{}
			var lines []string
			for _, cause := range status.Status().Details.Causes {
				line := cause.Field + ": " + cause.Message
				if cause.Field == "" {
					line = cause.Message
				}
				if !seen[line] {
					seen[line] = true
					lines = append(lines, line)
				}
			}
			sort.Strings(lines)
			r.Problems = append(r.Problems, problem{Stage: "invalid", Kind: typeMeta.Kind, Lines: lines})
			return
		}
		r.Problems = append(r.Problems, problem{Stage: "badrequest", Kind: typeMeta.Kind, Lines: []string{err.Error()}})
		return
	}
	if typeMeta.Kind == "Job" {
		r.Jobs++
	}
}

func metaOf(obj runtime.Object) (metav1.Object, error) {
	accessor, ok := obj.(metav1.ObjectMetaAccessor)
	if !ok {
		return nil, fmt.Errorf("%T has no ObjectMeta", obj)
	}
	return accessor.GetObjectMeta(), nil
}
