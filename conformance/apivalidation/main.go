// Command apivalidation is the API oracle: it reads manifests as kubectl and the API server of the
// pinned release read them — documents split by kubectl's YAML-or-JSON decoder, each object
// decoded strictly into its v1 type, defaulted by the scheme, converted to the internal type and
// put through rest.BeforeCreate with the registry's own strategy (PrepareForCreate, Validate:
// pkg/apis/batch/validation ValidateJob for a Job, core validation for a ConfigMap or Secret).
//
//	apivalidation CASES.json > RESULTS.json
//
// CASES.json is [{"name": …, "text": …}]; each result lists the problems by stage: "syntax"
// (the document cannot be read), "typemeta" (kubectl's own client-side checks of apiVersion and
// kind, and its decoding of the object and its metadata), "badrequest" (strict
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
	"k8s.io/apimachinery/pkg/api/meta"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/runtime/schema"
	serializerjson "k8s.io/apimachinery/pkg/runtime/serializer/json"
	utiljson "k8s.io/apimachinery/pkg/util/json"
	utilyaml "k8s.io/apimachinery/pkg/util/yaml"
	genericapirequest "k8s.io/apiserver/pkg/endpoints/request"
	"k8s.io/apiserver/pkg/registry/rest"
	cliresource "k8s.io/cli-runtime/pkg/resource"
	kubectlvalidation "k8s.io/kubectl/pkg/validation"
	"k8s.io/kubernetes/pkg/api/legacyscheme"
	_ "k8s.io/kubernetes/pkg/apis/batch/install"
	_ "k8s.io/kubernetes/pkg/apis/core/install"
	"k8s.io/kubernetes/pkg/capabilities"
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
	// An API server as kubeadm and kind start it (--allow-privileged=true): privileged and
	// hostProcess containers are allowed by cluster policy.
	capabilities.Setup(true, 0)
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

// supportsFieldValidation is the API server's answer to kubectl's query-parameter verifier: a
// 1.37 server supports fieldValidation, so kubectl does its client-side checks only up to the
// apiVersion and kind (validation.paramVerifyingSchema) and leaves the rest to the server.
type supportsFieldValidation struct{}

func (supportsFieldValidation) HasSupport(schema.GroupVersionKind) error { return nil }

var restMapper = func() *meta.DefaultRESTMapper {
	m := meta.NewDefaultRESTMapper([]schema.GroupVersion{{Version: "v1"}, {Group: "batch", Version: "v1"}})
	for kind, k := range kinds {
		m.Add(k.gv.WithKind(kind), meta.RESTScopeNamespace)
	}
	return m
}()

// clientSchema is what kubectl create's default --validate=strict runs on each document.
var clientSchema = kubectlvalidation.NewParamVerifyingSchema(
	kubectlvalidation.NullSchema{}, supportsFieldValidation{}, metav1.FieldValidationStrict)

// metadataOnlyObject is cli-runtime's metadata_decoder.go check: metadata must decode.
type metadataOnlyObject struct {
	metav1.TypeMeta   `json:""`
	metav1.ObjectMeta `json:"metadata,omitempty"`
}

func checkObject(raw []byte, r *result) {
	// kubectl's StreamVisitor: ValidateSchema, then mapper.infoForData's decoding.
	if err := cliresource.ValidateSchema(raw, clientSchema); err != nil {
		r.Problems = append(r.Problems, problem{Stage: "typemeta", Lines: []string{err.Error()}})
		return
	}
	object, _, err := unstructured.UnstructuredJSONScheme.Decode(raw, nil, nil)
	if err != nil {
		r.Problems = append(r.Problems, problem{Stage: "typemeta", Lines: []string{"unable to decode: " + err.Error()}})
		return
	}
	if err := utiljson.Unmarshal(raw, &metadataOnlyObject{}); err != nil {
		r.Problems = append(r.Problems, problem{Stage: "typemeta", Lines: []string{"unable to decode: " + err.Error()}})
		return
	}
	var fields map[string]interface{}
	if err := json.Unmarshal(raw, &fields); err != nil {
		panic(err)
	}
	typeMeta := metav1.TypeMeta{}
	typeMeta.APIVersion, _ = fields["apiVersion"].(string)
	typeMeta.Kind, _ = fields["kind"].(string)
	k, ok := kinds[typeMeta.Kind]
	if !ok {
		return // not read by job-action either
	}
	// mapper.infoForData: the kind's REST mapping in a cluster that serves batch/v1 Jobs and v1
	// ConfigMaps and Secrets, and no CustomResourceDefinitions.
	gv, err := schema.ParseGroupVersion(typeMeta.APIVersion)
	if err != nil {
		panic(err) // getObjectKind refused it already
	}
	if _, err := restMapper.RESTMapping(schema.GroupKind{Group: gv.Group, Kind: typeMeta.Kind}, gv.Version); err != nil {
		r.Problems = append(r.Problems, problem{Stage: "mapping", Kind: typeMeta.Kind, Lines: []string{err.Error()}})
		return
	}
	// What kubectl sends is its unstructured object encoded again (keys sorted), not the text read.
	body, err := runtime.Encode(unstructured.UnstructuredJSONScheme, object)
	if err != nil {
		panic(err)
	}
	raw = body
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
