// The conformance oracle: runs a scenario (conformance/README.md) through the real Kubernetes Job
// controller (k8s.io/kubernetes/pkg/controller/job, syncJob driven directly on informer stores we
// keep ourselves, on a fake clock) with a simulated kubelet, and prints the trace as JSON.
//
//	oracle SCENARIO.json > trace.json
//
// Build it with conformance/run.mjs: it needs the -overlay that exports syncJob and the handlers.
package main

import (
	"container/heap"
	"context"
	"encoding/json"
	"fmt"
	"math"
	"os"
	"sort"
	"sync"
	"time"

	batch "k8s.io/api/batch/v1"
	v1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/types"
	"k8s.io/client-go/informers"
	"k8s.io/client-go/kubernetes/fake"
	"k8s.io/client-go/util/workqueue"
	"k8s.io/klog/v2"
	batchdefaults "k8s.io/kubernetes/pkg/apis/batch/v1"
	"k8s.io/kubernetes/pkg/controller"
	jobcontroller "k8s.io/kubernetes/pkg/controller/job"
	clocktesting "k8s.io/utils/clock/testing"
	"k8s.io/utils/ptr"
)

const kubernetesVersion = "v1.37.2"

var startTime = time.Date(2026, 4, 16, 10, 36, 28, 0, time.UTC)

// ---------------------------------------------------------------- trace

type CondOut struct {
	Type    string `json:"type"`
	Status  string `json:"status"`
	Reason  string `json:"reason"`
	Message string `json:"message"`
}

type StatusOut struct {
	Conditions       []CondOut `json:"conditions"`
	Active           int32     `json:"active"`
	Ready            int32     `json:"ready"`
	Terminating      int32     `json:"terminating"`
	Succeeded        int32     `json:"succeeded"`
	Failed           int32     `json:"failed"`
	CompletedIndexes string    `json:"completedIndexes"`
	FailedIndexes    *string   `json:"failedIndexes"`
}

type PodRef struct {
	Name    string `json:"name"`
	Index   *int   `json:"index"`
	Attempt int    `json:"attempt"`
}

type SyncOut struct {
	At           float64   `json:"at"`
	Created      []PodRef  `json:"created"`
	Deleted      []PodRef  `json:"deleted"`
	RequeueAfter *float64  `json:"requeueAfter,omitempty"`
	Error        string    `json:"error,omitempty"`
	Status       StatusOut `json:"status"`
}

type EventOut struct {
	At      float64 `json:"at"`
	Type    string  `json:"type"`
	Reason  string  `json:"reason"`
	Message string  `json:"message"`
	Count   int     `json:"count"`
}

type PodOut struct {
	PodRef
	CreatedAt  float64  `json:"createdAt"`
	DeletedAt  *float64 `json:"deletedAt,omitempty"`
	DeletedBy  string   `json:"deletedBy,omitempty"`
	FinishedAt *float64 `json:"finishedAt,omitempty"`
	Phase      string   `json:"phase"`
	Reason     string   `json:"reason,omitempty"`
	ExitCodes  []int    `json:"exitCodes"`
	Restarts   int      `json:"restarts"`
	Conditions []string `json:"conditions"`
}

type Trace struct {
	Side     string     `json:"side"`
	Scenario string     `json:"scenario"`
	EndedAt  float64    `json:"endedAt"`
	EndedBy  string     `json:"endedBy"`
	Final    StatusOut  `json:"final"`
	Pods     []PodOut   `json:"pods"`
	Events   []EventOut `json:"events"`
	Syncs    []SyncOut  `json:"syncs"`
}

// ---------------------------------------------------------------- virtual time

type timer struct {
	at   int64
	seq  int64
	fn   func()
	dead bool
}

type timerHeap []*timer

func (h timerHeap) Len() int { return len(h) }
func (h timerHeap) Less(i, j int) bool {
	return h[i].at < h[j].at || (h[i].at == h[j].at && h[i].seq < h[j].seq)
}
func (h timerHeap) Swap(i, j int)       { h[i], h[j] = h[j], h[i] }
func (h *timerHeap) Push(x interface{}) { *h = append(*h, x.(*timer)) }
func (h *timerHeap) Pop() interface{} {
	old := *h
	t := old[len(old)-1]
	*h = old[:len(old)-1]
	return t
}

// ---------------------------------------------------------------- harness

type op struct {
	kind string // delete, patch
	name string
	data []byte
}

type harness struct {
	scenario *Scenario
	ctx      context.Context
	logger   klog.Logger
	clock    *clocktesting.FakeClock
	nowMs    int64
	seq      int64
	timers   timerHeap
	baseMs   int64

	jm       *jobcontroller.Controller
	podStore interface {
		Add(interface{}) error
		Update(interface{}) error
		Delete(interface{}) error
		GetByKey(string) (interface{}, bool, error)
	}
	jobStore interface {
		Add(interface{}) error
		Update(interface{}) error
		GetByKey(string) (interface{}, bool, error)
	}
	jobKey string
	rv     int

	mu       sync.Mutex
	inSync   bool
	creates  []*v1.Pod
	ops      []op
	events   []EventOut
	requeue  int64 // absolute ms; MaxInt64: none
	syncNow  bool
	changed  bool
	podsSeen map[int]int
	created  int
	pods     map[string]*simPod
	order    []*simPod
	syncs    []SyncOut
	actions  int
}

func (h *harness) at() float64 { return float64(h.nowMs) / 1000 }

func (h *harness) setTimer(delayMs int64, fn func()) *timer {
	if delayMs < 0 {
		delayMs = 0
	}
	h.seq++
	t := &timer{at: h.nowMs + delayMs, seq: h.seq, fn: fn}
	heap.Push(&h.timers, t)
	return t
}

// ---- the controller's collaborators

type recorder struct{ h *harness }

func (r recorder) Event(_ runtime.Object, eventtype, reason, message string) {
	r.h.mu.Lock()
	defer r.h.mu.Unlock()
	r.h.events = append(r.h.events, EventOut{At: r.h.at(), Type: eventtype, Reason: reason, Message: message, Count: 1})
}
func (r recorder) Eventf(o runtime.Object, eventtype, reason, format string, args ...interface{}) {
	r.Event(o, eventtype, reason, fmt.Sprintf(format, args...))
}
func (r recorder) AnnotatedEventf(o runtime.Object, _ map[string]string, eventtype, reason, format string, args ...interface{}) {
	r.Event(o, eventtype, reason, fmt.Sprintf(format, args...))
}

type podControl struct{ h *harness }

func (c podControl) CreatePods(ctx context.Context, ns string, t *v1.PodTemplateSpec, o runtime.Object, ref *metav1.OwnerReference) error {
	return c.CreatePodsWithGenerateName(ctx, ns, t, o, ref, "")
}
func (c podControl) CreatePodsWithGenerateName(_ context.Context, ns string, t *v1.PodTemplateSpec, o runtime.Object, ref *metav1.OwnerReference, generateName string) error {
	pod, err := controller.GetPodFromTemplate(t, o, ref)
	if err != nil {
		return err
	}
	if generateName != "" {
		pod.GenerateName = generateName
	}
	pod.Namespace = ns
	c.h.mu.Lock()
	defer c.h.mu.Unlock()
	c.h.creates = append(c.h.creates, pod)
	return nil
}
func (c podControl) DeletePod(_ context.Context, _ string, name string, o runtime.Object) error {
	recorder{c.h}.Event(o, v1.EventTypeNormal, "SuccessfulDelete", "Deleted pod: "+name)
	c.h.mu.Lock()
	defer c.h.mu.Unlock()
	c.h.ops = append(c.h.ops, op{kind: "delete", name: name})
	return nil
}
func (c podControl) PatchPod(_ context.Context, _ string, name string, data []byte) error {
	c.h.mu.Lock()
	defer c.h.mu.Unlock()
	c.h.ops = append(c.h.ops, op{kind: "patch", name: name, data: data})
	return nil
}

// queue: the controller's work queue, reduced to what tells us when it wants a sync. Requeues
// asked for by syncJob (backoff, deadlines) are kept, earliest first as the delaying queue does;
// the 1 s batched enqueues of the event handlers are replaced by our sync policy.
type queue struct {
	workqueue.TypedRateLimitingInterface[string]
	h *harness
}

func (q queue) AddAfter(_ string, d time.Duration) {
	if !q.h.inSync {
		return
	}
	if d <= 0 {
		q.h.syncNow = true
		return
	}
	at := q.h.nowMs + d.Milliseconds()
	if d%time.Millisecond != 0 {
		at++
	}
	if at < q.h.requeue {
		q.h.requeue = at
	}
}
func (q queue) Add(string) {
	if q.h.inSync {
		q.h.syncNow = true
	}
}
func (q queue) AddRateLimited(string) {}
func (q queue) Forget(string)         {}
func (q queue) ShutDown()             {}

// ---- pods in the store

func (h *harness) getPod(name string) *v1.Pod {
	obj, ok, _ := h.podStore.GetByKey("default/" + name)
	if !ok {
		return nil
	}
	return obj.(*v1.Pod)
}

func (h *harness) nextRV() string {
	h.rv++
	return fmt.Sprint(h.rv)
}

// updatePod applies a change as the API server would and delivers the informer event.
func (h *harness) updatePod(name string, mutate func(*v1.Pod)) {
	old := h.getPod(name)
	if old == nil {
		return
	}
	cur := old.DeepCopy()
	mutate(cur)
	cur.ResourceVersion = h.nextRV()
	h.changed = true
	if cur.DeletionTimestamp != nil && len(cur.Finalizers) == 0 &&
		(cur.Status.Phase == v1.PodSucceeded || cur.Status.Phase == v1.PodFailed) {
		_ = h.podStore.Delete(cur)
		h.jm.OracleDeletePod(h.logger, cur, true)
		return
	}
	_ = h.podStore.Update(cur)
	h.jm.OracleUpdatePod(h.logger, old, cur)
}

func (h *harness) mtime() metav1.Time { return metav1.NewTime(h.clock.Now()) }

// ---------------------------------------------------------------- the simulated kubelet
// It follows src/runtime/kubelet.ts with the scripted engine of the TypeScript side: containers
// start at once, are ready while running, SIGTERM ends them at once (exit 143) unless they ignore
// it (SIGKILL, 137, at the end of the grace period); OnFailure restarts in place after the
// crash-loop delay (0, then base, 2 × base … up to 30 × base).

type simContainer struct {
	name         string
	attempts     int
	inProgress   bool
	attemptDone  *bool
	exitTimer    *timer
	restartTimer *timer
	settled      bool
	stopReq      bool
	steps        int
	startedAt    int64
	running      bool
	lastExit     *int
}

type simPod struct {
	name        string
	index       int
	attempt     int
	b           Effective
	containers  []*simContainer
	graceMs     int64
	createdMs   int64
	terminating bool
	shutting    bool
	finished    bool
	killAt      int64
	killTimer   *timer
	deadline    *timer
	reason      string
	deletedAt   *float64
	deletedBy   string
	finishedAt  *float64
}

func (h *harness) startPod(p *simPod, spec v1.PodSpec) {
	h.updatePod(p.name, func(pod *v1.Pod) {
		now := h.mtime()
		pod.Status.StartTime = &now
		pod.Status.Phase = v1.PodRunning
		pod.Status.Conditions = []v1.PodCondition{
			{Type: v1.PodScheduled, Status: v1.ConditionTrue, LastTransitionTime: now},
			{Type: v1.PodInitialized, Status: v1.ConditionTrue, LastTransitionTime: now},
			{Type: v1.ContainersReady, Status: v1.ConditionFalse, LastTransitionTime: now},
			{Type: v1.PodReady, Status: v1.ConditionFalse, LastTransitionTime: now},
		}
		for _, c := range p.containers {
			pod.Status.ContainerStatuses = append(pod.Status.ContainerStatuses, v1.ContainerStatus{
				Name:  c.name,
				State: v1.ContainerState{Waiting: &v1.ContainerStateWaiting{Reason: "ContainerCreating"}},
			})
		}
	})
	if spec.ActiveDeadlineSeconds != nil {
		p.deadline = h.setTimer(*spec.ActiveDeadlineSeconds*1000, func() { h.podDeadline(p) })
	}
	if p.b.evictAfterMs >= 0 {
		h.setTimer(p.b.evictAfterMs, func() { h.externalDelete(p, true) })
	}
	if p.b.deleteAfterMs >= 0 {
		h.setTimer(p.b.deleteAfterMs, func() { h.externalDelete(p, false) })
	}
	for _, c := range p.containers {
		if !p.terminating {
			h.launch(p, c)
		}
	}
}

func (h *harness) containerStatus(pod *v1.Pod, name string) *v1.ContainerStatus {
	for i := range pod.Status.ContainerStatuses {
		if pod.Status.ContainerStatuses[i].Name == name {
			return &pod.Status.ContainerStatuses[i]
		}
	}
	return nil
}

func setCondition(pod *v1.Pod, t v1.PodConditionType, status v1.ConditionStatus, now metav1.Time) {
	for i := range pod.Status.Conditions {
		c := &pod.Status.Conditions[i]
		if c.Type == t {
			if c.Status != status {
				c.Status = status
				c.LastTransitionTime = now
			}
			return
		}
	}
	pod.Status.Conditions = append(pod.Status.Conditions, v1.PodCondition{Type: t, Status: status, LastTransitionTime: now})
}

func refreshReady(pod *v1.Pod, now metav1.Time) {
	ready := len(pod.Status.ContainerStatuses) > 0
	for _, cs := range pod.Status.ContainerStatuses {
		ready = ready && cs.Ready
	}
	status := v1.ConditionFalse
	if ready && pod.DeletionTimestamp == nil {
		status = v1.ConditionTrue
	}
	setCondition(pod, v1.ContainersReady, status, now)
	setCondition(pod, v1.PodReady, status, now)
}

func (h *harness) launch(p *simPod, c *simContainer) {
	attempt := c.attempts
	c.attempts++
	run := p.b.run(c.name, attempt)
	c.inProgress = true
	done := false
	c.attemptDone = &done
	h.setTimer(0, func() {
		if done {
			return
		}
		c.running = true
		c.startedAt = h.nowMs
		h.updatePod(p.name, func(pod *v1.Pod) {
			now := h.mtime()
			cs := h.containerStatus(pod, c.name)
			cs.State = v1.ContainerState{Running: &v1.ContainerStateRunning{StartedAt: now}}
			cs.Ready = true
			cs.Started = ptr.To(true)
			refreshReady(pod, now)
		})
		c.exitTimer = h.setTimer(run.durationMs, func() { h.exit(p, c, &done, run.exitCode, 0) })
	})
}

func (h *harness) stopContainer(p *simPod, c *simContainer) {
	c.stopReq = true
	if !c.inProgress {
		return
	}
	done := c.attemptDone
	if !p.b.ignoresSigterm {
		h.setTimer(0, func() { h.exit(p, c, done, 143, 15) })
		return
	}
	h.setTimer(p.killAt-h.nowMs, func() { h.exit(p, c, done, 137, 9) })
}

func (h *harness) exit(p *simPod, c *simContainer, done *bool, code int, signal int) {
	if *done {
		return
	}
	*done = true
	if c.exitTimer != nil {
		c.exitTimer.dead = true
	}
	c.inProgress = false
	c.running = false
	exitCode := code
	c.lastExit = &exitCode
	startedAt := c.startedAt
	h.updatePod(p.name, func(pod *v1.Pod) {
		now := h.mtime()
		cs := h.containerStatus(pod, c.name)
		reason := "Completed"
		if code != 0 {
			reason = "Error"
		}
		started := metav1.NewTime(startTime.Add(time.Duration(startedAt) * time.Millisecond))
		cs.State = v1.ContainerState{Terminated: &v1.ContainerStateTerminated{
			ExitCode: int32(code), Signal: int32(signal), Reason: reason, StartedAt: started, FinishedAt: now,
		}}
		cs.Ready = false
		cs.Started = ptr.To(false)
		refreshReady(pod, now)
	})
	if p.shutting || c.stopReq {
		c.settled = true
		h.maybeFinish(p)
		return
	}
	if code != 0 && h.restartPolicy() == v1.RestartPolicyOnFailure {
		h.scheduleRestart(p, c, startedAt)
		return
	}
	c.settled = true
	all := true
	for _, o := range p.containers {
		all = all && o.settled
	}
	if all {
		p.shutting = true
	}
	h.maybeFinish(p)
}

func (h *harness) scheduleRestart(p *simPod, c *simContainer, startedAt int64) {
	if h.nowMs-startedAt > 2*30*h.baseMs {
		c.steps = 0
	}
	delay := int64(0)
	if c.steps > 0 {
		delay = h.baseMs << (c.steps - 1)
		if delay > 30*h.baseMs || c.steps > 40 {
			delay = 30 * h.baseMs
		}
	}
	c.steps++
	if delay > 0 {
		h.updatePod(p.name, func(pod *v1.Pod) {
			cs := h.containerStatus(pod, c.name)
			cs.LastTerminationState = cs.State
			cs.State = v1.ContainerState{Waiting: &v1.ContainerStateWaiting{Reason: "CrashLoopBackOff"}}
		})
	}
	c.restartTimer = h.setTimer(delay, func() {
		c.restartTimer = nil
		if p.terminating || p.finished {
			return
		}
		h.updatePod(p.name, func(pod *v1.Pod) {
			cs := h.containerStatus(pod, c.name)
			if cs.State.Terminated != nil {
				cs.LastTerminationState = cs.State
			}
			cs.RestartCount++
			cs.State = v1.ContainerState{Waiting: &v1.ContainerStateWaiting{Reason: "ContainerCreating"}}
		})
		h.launch(p, c)
	})
}

func (h *harness) restartPolicy() v1.RestartPolicy {
	obj, _, _ := h.jobStore.GetByKey(h.jobKey)
	return obj.(*batch.Job).Spec.Template.Spec.RestartPolicy
}

// terminate: graceful termination within graceMs (kubelet.ts beginTermination).
func (h *harness) terminate(p *simPod, graceMs int64) {
	if p.finished {
		return
	}
	p.terminating = true
	p.shutting = true
	at := h.nowMs + graceMs
	if at < p.killAt {
		p.killAt = at
		if p.killTimer != nil {
			p.killTimer.dead = true
		}
		p.killTimer = h.setTimer(graceMs, func() {
			// As kubelet.ts: the kill stops whatever still runs through the engine, which ends a
			// container that heeds SIGTERM with 143 and kills one that ignores it (137).
			for _, c := range p.containers {
				if c.inProgress {
					h.stopContainer(p, c)
				}
			}
		})
	}
	for _, c := range p.containers {
		if c.restartTimer != nil {
			c.restartTimer.dead = true
			c.restartTimer = nil
		}
		if !c.inProgress {
			c.settled = true
		}
	}
	for _, c := range p.containers {
		if !c.stopReq {
			h.stopContainer(p, c)
		}
	}
	h.maybeFinish(p)
}

func (h *harness) podDeadline(p *simPod) {
	if p.finished || p.terminating {
		return
	}
	p.reason = "DeadlineExceeded"
	h.updatePod(p.name, func(pod *v1.Pod) {
		pod.Status.Reason = "DeadlineExceeded"
		pod.Status.Message = "Pod was active on the node longer than the specified deadline"
	})
	h.terminate(p, p.graceMs)
}

// externalDelete: kubectl delete pod, or the Eviction API (a DisruptionTarget condition first).
func (h *harness) externalDelete(p *simPod, evict bool) {
	pod := h.getPod(p.name)
	if p.finished || pod == nil || pod.DeletionTimestamp != nil {
		return
	}
	h.updatePod(p.name, func(pod *v1.Pod) {
		now := h.mtime()
		if evict {
			pod.Status.Conditions = append(pod.Status.Conditions, v1.PodCondition{
				Type: v1.DisruptionTarget, Status: v1.ConditionTrue, Reason: "EvictionByEvictionAPI",
				Message: "Eviction API: evicting", LastTransitionTime: now,
			})
		}
		h.markDeleted(p, pod, map[bool]string{true: "eviction", false: "kubectl"}[evict])
	})
	h.terminate(p, p.graceMs)
}

func (h *harness) markDeleted(p *simPod, pod *v1.Pod, by string) {
	ts := metav1.NewTime(h.clock.Now().Add(time.Duration(p.graceMs) * time.Millisecond))
	pod.DeletionTimestamp = &ts
	pod.DeletionGracePeriodSeconds = ptr.To(p.graceMs / 1000)
	at := h.at()
	p.deletedAt = &at
	p.deletedBy = by
	refreshReady(pod, h.mtime())
}

func (h *harness) maybeFinish(p *simPod) {
	if p.finished {
		return
	}
	for _, c := range p.containers {
		if c.inProgress || c.restartTimer != nil {
			return
		}
	}
	all := true
	for _, c := range p.containers {
		all = all && c.settled
	}
	if !p.terminating && !all {
		return
	}
	p.finished = true
	for _, t := range []*timer{p.deadline, p.killTimer} {
		if t != nil {
			t.dead = true
		}
	}
	succeeded := p.reason == ""
	for _, c := range p.containers {
		succeeded = succeeded && c.lastExit != nil && *c.lastExit == 0
	}
	at := h.at()
	p.finishedAt = &at
	h.updatePod(p.name, func(pod *v1.Pod) {
		if succeeded {
			pod.Status.Phase = v1.PodSucceeded
		} else {
			pod.Status.Phase = v1.PodFailed
		}
		refreshReady(pod, h.mtime())
	})
}

// ---------------------------------------------------------------- controller actions

func podIndex(pod *v1.Pod) int {
	if v, ok := pod.Annotations[batch.JobCompletionIndexAnnotation]; ok {
		var n int
		if _, err := fmt.Sscan(v, &n); err == nil {
			return n
		}
	}
	return -1
}

func (h *harness) ref(p *simPod) PodRef {
	r := PodRef{Name: p.name, Attempt: p.attempt}
	if p.index >= 0 {
		r.Index = ptr.To(p.index)
	}
	return r
}

// applyActions makes the API calls the controller made during the sync visible, as the informers
// would deliver them: creations (in index order; the controller creates them concurrently), then
// deletions and finalizer removals in the order they were made.
func (h *harness) applyActions(out *SyncOut) {
	obj, _, _ := h.jobStore.GetByKey(h.jobKey)
	job := obj.(*batch.Job)
	creates := h.creates
	h.creates = nil
	sort.SliceStable(creates, func(i, j int) bool { return podIndex(creates[i]) < podIndex(creates[j]) })
	for _, pod := range creates {
		index := podIndex(pod)
		attempt := h.created
		if index >= 0 {
			attempt = h.podsSeen[index]
			h.podsSeen[index]++
		}
		h.created++
		pod.Name = fmt.Sprintf("%s%05d", pod.GenerateName, h.created)
		pod.UID = types.UID(fmt.Sprintf("pod-%05d", h.created))
		pod.CreationTimestamp = h.mtime()
		pod.ResourceVersion = h.nextRV()
		pod.Status.Phase = v1.PodPending
		_ = h.podStore.Add(pod)
		recorder{h}.Event(job, v1.EventTypeNormal, "SuccessfulCreate", "Created pod: "+pod.Name)
		h.jm.OracleAddPod(h.logger, pod)
		h.changed = true
		p := &simPod{
			name: pod.Name, index: index, attempt: attempt, b: h.scenario.resolve(index, attempt),
			graceMs: 30000, createdMs: h.nowMs, killAt: math.MaxInt64,
		}
		if pod.Spec.TerminationGracePeriodSeconds != nil {
			p.graceMs = *pod.Spec.TerminationGracePeriodSeconds * 1000
		}
		for _, c := range pod.Spec.Containers {
			p.containers = append(p.containers, &simContainer{name: c.Name})
		}
		h.pods[p.name] = p
		h.order = append(h.order, p)
		out.Created = append(out.Created, h.ref(p))
		spec := pod.Spec
		h.setTimer(0, func() { h.startPod(p, spec) })
	}
	ops := h.ops
	h.ops = nil
	for _, o := range ops {
		p := h.pods[o.name]
		switch o.kind {
		case "patch":
			var patch map[string]map[string][]string
			_ = json.Unmarshal(o.data, &patch)
			remove := patch["metadata"]["$deleteFromPrimitiveList/finalizers"]
			h.updatePod(o.name, func(pod *v1.Pod) {
				var keep []string
				for _, f := range pod.Finalizers {
					drop := false
					for _, r := range remove {
						drop = drop || f == r
					}
					if !drop {
						keep = append(keep, f)
					}
				}
				pod.Finalizers = keep
			})
		case "delete":
			pod := h.getPod(o.name)
			if pod == nil || p == nil {
				continue
			}
			if pod.DeletionTimestamp == nil {
				out.Deleted = append(out.Deleted, h.ref(p))
				h.updatePod(o.name, func(pod *v1.Pod) { h.markDeleted(p, pod, "controller") })
			}
			h.terminate(p, p.graceMs)
		}
	}
}

func statusOf(job *batch.Job) StatusOut {
	s := StatusOut{
		Conditions:       []CondOut{},
		Active:           job.Status.Active,
		Ready:            ptr.Deref(job.Status.Ready, 0),
		Terminating:      ptr.Deref(job.Status.Terminating, 0),
		Succeeded:        job.Status.Succeeded,
		Failed:           job.Status.Failed,
		CompletedIndexes: job.Status.CompletedIndexes,
		FailedIndexes:    job.Status.FailedIndexes,
	}
	for _, c := range job.Status.Conditions {
		s.Conditions = append(s.Conditions, CondOut{string(c.Type), string(c.Status), c.Reason, c.Message})
	}
	return s
}

func (h *harness) job() *batch.Job {
	obj, _, _ := h.jobStore.GetByKey(h.jobKey)
	return obj.(*batch.Job)
}

func (h *harness) sync() {
	out := SyncOut{At: h.at(), Created: []PodRef{}, Deleted: []PodRef{}}
	before := h.requeue
	h.inSync = true
	err := h.jm.OracleSyncJob(h.ctx, h.jobKey)
	h.inSync = false
	if err != nil {
		out.Error = err.Error()
		// The work queue's rate limiter: retry after DefaultJobApiBackOff.
		if at := h.nowMs + jobcontroller.DefaultJobApiBackOff.Milliseconds(); at < h.requeue {
			h.requeue = at
		}
	}
	if h.requeue != before && h.requeue != math.MaxInt64 {
		after := float64(h.requeue-h.nowMs) / 1000
		out.RequeueAfter = &after
	}
	h.applyActions(&out)
	out.Status = statusOf(h.job())
	h.syncs = append(h.syncs, out)
}

func hasTrueCondition(job *batch.Job, types ...batch.JobConditionType) bool {
	for _, c := range job.Status.Conditions {
		for _, t := range types {
			if c.Type == t && c.Status == v1.ConditionTrue {
				return true
			}
		}
	}
	return false
}

// runLoop: process every event due now, sync if a pod changed (or a requeue fell due), repeat;
// then move time to the next event or requeue. It ends as src/runner/jobRun.ts ends a run.
func (h *harness) runLoop(maxMs int64) string {
	h.syncNow = true
	for steps := 0; steps < 10_000_000; steps++ {
		for len(h.timers) > 0 && h.timers[0].at <= h.nowMs {
			t := heap.Pop(&h.timers).(*timer)
			if !t.dead {
				t.fn()
			}
		}
		if h.changed || h.syncNow {
			h.changed, h.syncNow = false, false
			h.sync()
			job := h.job()
			if hasTrueCondition(job, batch.JobComplete, batch.JobFailed) {
				return "finished"
			}
			if job.Spec.ManagedBy != nil && *job.Spec.ManagedBy != batch.JobControllerName {
				return "managedByOtherController"
			}
			idle := job.Status.Active == 0 && ptr.Deref(job.Status.Terminating, 0) == 0
			if idle && ptr.Deref(job.Spec.Suspend, false) && h.actions == 0 {
				return "suspended"
			}
			if idle && h.requeue == math.MaxInt64 && !h.pendingPodWork() && h.actions == 0 {
				return "stalled"
			}
			continue
		}
		next := h.requeue
		for len(h.timers) > 0 && h.timers[0].dead {
			heap.Pop(&h.timers)
		}
		if len(h.timers) > 0 && h.timers[0].at < next {
			next = h.timers[0].at
		}
		if next == math.MaxInt64 {
			return "nothingLeft"
		}
		if next > maxMs {
			return "maxSeconds"
		}
		h.clock.Step(time.Duration(next-h.nowMs) * time.Millisecond)
		h.nowMs = next
		if h.requeue <= h.nowMs {
			h.requeue = math.MaxInt64
			h.syncNow = true
		}
	}
	return "steps"
}

func (h *harness) pendingPodWork() bool {
	for _, p := range h.order {
		if !p.finished {
			return true
		}
	}
	return false
}

func main() {
	if len(os.Args) != 2 {
		fmt.Fprintln(os.Stderr, "usage: oracle SCENARIO.json")
		os.Exit(2)
	}
	scenario, err := readScenario(os.Args[1])
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(2)
	}
	trace, err := run(scenario)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	enc := json.NewEncoder(os.Stdout)
	enc.SetIndent("", " ")
	_ = enc.Encode(trace)
}

func run(scenario *Scenario) (*Trace, error) {
	klog.SetOutput(os.Stderr)
	klog.LogToStderr(false)
	baseSeconds := 10.0
	if scenario.BackoffBaseSeconds != nil {
		baseSeconds = *scenario.BackoffBaseSeconds
	}
	h := &harness{
		scenario: scenario,
		ctx:      context.Background(),
		logger:   klog.Background(),
		clock:    clocktesting.NewFakeClock(startTime),
		baseMs:   secondsToMs(baseSeconds),
		requeue:  math.MaxInt64,
		podsSeen: map[int]int{},
		pods:     map[string]*simPod{},
	}
	// The pod-failure backoff: the scenario's base, the real ratio of cap to base (10 min / 10 s).
	jobcontroller.DefaultJobPodFailureBackOff = time.Duration(h.baseMs) * time.Millisecond
	jobcontroller.MaxJobPodFailureBackOff = 60 * jobcontroller.DefaultJobPodFailureBackOff
	// The shortest backoff requeue (enqueueSyncJobWithDelay), 1 s for the 10 s base: scaled the same
	// way, as job-action scales it (a tenth of the base).
	jobcontroller.SyncJobBatchPeriod = jobcontroller.DefaultJobPodFailureBackOff / 10
	// ORACLE_BACKOFF_CAP_RATIO=36 gives the real controller our cap (the documentation's 6 min for
	// 10 s), to look past that known divergence.
	if ratio := os.Getenv("ORACLE_BACKOFF_CAP_RATIO"); ratio != "" {
		var n int64
		if _, err := fmt.Sscan(ratio, &n); err == nil && n > 0 {
			jobcontroller.MaxJobPodFailureBackOff = time.Duration(n) * jobcontroller.DefaultJobPodFailureBackOff
		}
	}

	job := &batch.Job{}
	if err := json.Unmarshal(scenario.Job, job); err != nil {
		return nil, fmt.Errorf("job: %w", err)
	}
	// What the API server does on create: defaults, the generated selector and labels.
	if job.Namespace == "" {
		job.Namespace = "default"
	}
	job.UID = "00000000-0000-4000-8000-000000000001"
	job.CreationTimestamp = h.mtime()
	job.ResourceVersion = h.nextRV()
	job.Generation = 1
	batchdefaults.SetObjectDefaults_Job(job)
	if !ptr.Deref(job.Spec.ManualSelector, false) {
		uid := string(job.UID)
		generated := map[string]string{
			"controller-uid": uid, batch.ControllerUidLabel: uid,
			"job-name": job.Name, batch.JobNameLabel: job.Name,
		}
		if job.Spec.Template.Labels == nil {
			job.Spec.Template.Labels = map[string]string{}
		}
		for k, v := range generated {
			job.Spec.Template.Labels[k] = v
		}
		job.Spec.Selector = &metav1.LabelSelector{MatchLabels: map[string]string{batch.ControllerUidLabel: uid}}
	}
	h.jobKey = job.Namespace + "/" + job.Name

	client := fake.NewSimpleClientset()
	factory := informers.NewSharedInformerFactory(client, 0)
	podInformer := factory.Core().V1().Pods()
	jobInformer := factory.Batch().V1().Jobs()
	jm, err := jobcontroller.NewOracleController(h.ctx, client, h.clock, podInformer, jobInformer,
		factory.Scheduling().V1beta1().Workloads(), factory.Scheduling().V1beta1().PodGroups(),
		jobcontroller.OracleOptions{
			PodControl: podControl{h},
			Recorder:   recorder{h},
			Queue:      queue{h: h},
			UpdateStatus: func(_ context.Context, j *batch.Job) (*batch.Job, error) {
				j = j.DeepCopy()
				j.ResourceVersion = h.nextRV()
				if err := h.jobStore.Update(j); err != nil {
					return nil, err
				}
				return j, nil
			},
		})
	if err != nil {
		return nil, err
	}
	h.jm = jm
	h.podStore = podInformer.Informer().GetIndexer()
	h.jobStore = jobInformer.Informer().GetIndexer()
	if err := h.jobStore.Add(job); err != nil {
		return nil, err
	}

	for _, a := range scenario.Actions {
		a := a
		h.actions++
		h.setTimer(secondsToMs(a.AtSeconds), func() {
			h.actions--
			if a.Suspend == nil {
				return
			}
			old := h.job()
			cur := old.DeepCopy()
			cur.Spec.Suspend = ptr.To(*a.Suspend)
			cur.Generation++
			cur.ResourceVersion = h.nextRV()
			_ = h.jobStore.Update(cur)
			h.syncNow = true
		})
	}

	maxMs := int64(7 * 24 * 3600 * 1000)
	if scenario.MaxSeconds != nil {
		maxMs = secondsToMs(*scenario.MaxSeconds)
	}
	endedBy := h.runLoop(maxMs)

	trace := &Trace{
		Side: "kubernetes " + kubernetesVersion, Scenario: scenario.Name, EndedAt: h.at(), EndedBy: endedBy,
		Final: statusOf(h.job()), Pods: []PodOut{}, Events: h.events, Syncs: h.syncs,
	}
	if trace.Events == nil {
		trace.Events = []EventOut{}
	}
	for _, p := range h.order {
		out := PodOut{PodRef: h.ref(p), CreatedAt: float64(p.createdMs) / 1000, DeletedAt: p.deletedAt,
			DeletedBy: p.deletedBy, FinishedAt: p.finishedAt, ExitCodes: []int{}, Conditions: []string{}}
		if pod := h.getPod(p.name); pod != nil {
			out.Phase = string(pod.Status.Phase)
			out.Reason = pod.Status.Reason
			for _, cs := range pod.Status.ContainerStatuses {
				out.Restarts += int(cs.RestartCount)
			}
			for _, c := range pod.Status.Conditions {
				if c.Status == v1.ConditionTrue && c.Type != v1.PodScheduled && c.Type != v1.PodInitialized &&
					c.Type != v1.ContainersReady {
					out.Conditions = append(out.Conditions, string(c.Type)+"/"+c.Reason)
				}
			}
		} else {
			out.Phase = "Deleted"
		}
		for _, c := range p.containers {
			if c.lastExit != nil {
				out.ExitCodes = append(out.ExitCodes, *c.lastExit)
			}
		}
		trace.Pods = append(trace.Pods, out)
	}
	return trace, nil
}
