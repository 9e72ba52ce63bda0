// Command printers is the kubectl printer oracle: `kubectl describe job` of the pinned release
// (k8s.io/kubectl/pkg/describe JobDescriber) over a fake clientset holding the Job and its events.
//
//	TZ=UTC printers CASES.json > RESULTS.json
//
// CASES.json is [{"name", "job": <batch/v1 Job>, "events": [{type, reason, message, count,
// firstAgoMs, lastAgoMs}]}]; event times are given as ages, since the describer measures them
// from the wall clock. Each result is {"name", "text"} or {"name", "error"}.
package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"sort"
	"time"

	batchv1 "k8s.io/api/batch/v1"
	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime"
	cliprinters "k8s.io/cli-runtime/pkg/printers"
	"k8s.io/client-go/kubernetes/fake"
	"k8s.io/kubectl/pkg/describe"
	"k8s.io/kubernetes/pkg/api/legacyscheme"
	api "k8s.io/kubernetes/pkg/apis/core"
	_ "k8s.io/kubernetes/pkg/apis/core/install"
	"k8s.io/kubernetes/pkg/printers"
	"k8s.io/kubernetes/pkg/printers/internalversion"
)

type eventIn struct {
	Type       string `json:"type"`
	Reason     string `json:"reason"`
	Message    string `json:"message"`
	Count      int32  `json:"count"`
	FirstAgoMs int64  `json:"firstAgoMs"`
	LastAgoMs  int64  `json:"lastAgoMs"`
}

type caseIn struct {
	Name   string          `json:"name"`
	Job    json.RawMessage `json:"job"`
	Events []eventIn       `json:"events"`
	// The pods for `kubectl get pods`, and the moment (ms since the epoch) their ages count to.
	Pods  []corev1.Pod `json:"pods"`
	NowMs int64        `json:"nowMs"`
}

type caseOut struct {
	Name     string `json:"name"`
	Text     string `json:"text,omitempty"`
	Error    string `json:"error,omitempty"`
	PodsText string `json:"podsText,omitempty"`
}

func main() {
	data, err := os.ReadFile(os.Args[1])
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(2)
	}
	var cases []caseIn
	if err := json.Unmarshal(data, &cases); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(2)
	}
	out := make([]caseOut, 0, len(cases))
	for _, c := range cases {
		text, err := describeJob(c)
		if err != nil {
			out = append(out, caseOut{Name: c.Name, Error: err.Error()})
			continue
		}
		pods, err := getPods(c)
		if err != nil {
			out = append(out, caseOut{Name: c.Name, Error: err.Error()})
			continue
		}
		out = append(out, caseOut{Name: c.Name, Text: text, PodsText: pods})
	}
	enc := json.NewEncoder(os.Stdout)
	enc.SetEscapeHTML(false)
	_ = enc.Encode(out)
}

func describeJob(c caseIn) (string, error) {
	job := &batchv1.Job{}
	if err := json.Unmarshal(c.Job, job); err != nil {
		return "", err
	}
	now := time.Now()
	objects := []runtime.Object{job}
	for i, e := range c.Events {
		objects = append(objects, &corev1.Event{
			ObjectMeta: metav1.ObjectMeta{Name: fmt.Sprintf("%s.%d", job.Name, i), Namespace: job.Namespace},
			InvolvedObject: corev1.ObjectReference{
				Kind: "Job", APIVersion: "batch/v1", Name: job.Name, Namespace: job.Namespace, UID: job.UID,
			},
			Type: e.Type, Reason: e.Reason, Message: e.Message, Count: e.Count,
			FirstTimestamp: metav1.NewTime(now.Add(-time.Duration(e.FirstAgoMs) * time.Millisecond)),
			LastTimestamp:  metav1.NewTime(now.Add(-time.Duration(e.LastAgoMs) * time.Millisecond)),
			Source:         corev1.EventSource{Component: "job-controller"},
		})
	}
	d := &describe.JobDescriber{Interface: fake.NewSimpleClientset(objects...)}
	return d.Describe(job.Namespace, job.Name, describe.DescriberSettings{ShowEvents: true, ChunkSize: 500})
}

// getPods is `kubectl get pods`: the API server's table (pkg/printers/internalversion printPod)
// printed by kubectl's table printer. The pods' times are moved so that their ages, measured from
// the wall clock, are those at NowMs.
func getPods(c caseIn) (string, error) {
	if len(c.Pods) == 0 {
		return "", nil
	}
	delta := time.Since(time.UnixMilli(c.NowMs))
	shift := func(t *metav1.Time) {
		if t != nil && !t.IsZero() {
			t.Time = t.Time.Add(delta)
		}
	}
	// The API server lists pods by name (the order of their keys).
	sort.Slice(c.Pods, func(i, j int) bool { return c.Pods[i].Name < c.Pods[j].Name })
	list := &api.PodList{}
	for i := range c.Pods {
		pod := c.Pods[i].DeepCopy()
		shift(&pod.CreationTimestamp)
		shift(pod.DeletionTimestamp)
		for _, statuses := range [][]corev1.ContainerStatus{pod.Status.ContainerStatuses, pod.Status.InitContainerStatuses} {
			for j := range statuses {
				if t := statuses[j].LastTerminationState.Terminated; t != nil {
					shift(&t.FinishedAt)
				}
			}
		}
		internal := api.Pod{}
		if err := legacyscheme.Scheme.Convert(pod, &internal, nil); err != nil {
			return "", err
		}
		list.Items = append(list.Items, internal)
	}
	generator := printers.NewTableGenerator().With(internalversion.AddHandlers)
	table, err := generator.GenerateTable(list, printers.GenerateOptions{})
	if err != nil {
		return "", err
	}
	var buf bytes.Buffer
	if err := cliprinters.NewTablePrinter(cliprinters.PrintOptions{}).PrintObj(table, &buf); err != nil {
		return "", err
	}
	return buf.String(), nil
}
