// This file is not part of Kubernetes: the conformance oracle adds it to
// k8s.io/kubernetes/pkg/controller/job at build time (go build -overlay), to reach what the
// package's own job_controller_test.go reaches — the clock-injected constructor, syncJob and the
// informer event handlers — without copying any of the package's code.
package job

import (
	"context"

	batch "k8s.io/api/batch/v1"
	batchinformers "k8s.io/client-go/informers/batch/v1"
	coreinformers "k8s.io/client-go/informers/core/v1"
	schedulinginformers "k8s.io/client-go/informers/scheduling/v1beta1"
	clientset "k8s.io/client-go/kubernetes"
	"k8s.io/client-go/tools/record"
	"k8s.io/client-go/util/workqueue"
	"k8s.io/klog/v2"
	"k8s.io/kubernetes/pkg/controller"
	"k8s.io/utils/clock"
)

// OracleOptions replaces what job_controller_test.go replaces: the pod control, the recorder,
// the status update and the work queue (to see every requeue the controller asks for).
type OracleOptions struct {
	PodControl   controller.PodControlInterface
	Recorder     record.EventRecorder
	Queue        workqueue.TypedRateLimitingInterface[string]
	UpdateStatus func(ctx context.Context, job *batch.Job) (*batch.Job, error)
}

// NewOracleController is newControllerWithClock with the test's replacements.
func NewOracleController(ctx context.Context, kubeClient clientset.Interface, clk clock.WithTicker,
	podInformer coreinformers.PodInformer, jobInformer batchinformers.JobInformer,
	workloadInformer schedulinginformers.WorkloadInformer, podGroupInformer schedulinginformers.PodGroupInformer,
	options OracleOptions) (*Controller, error) {
	jm, err := newControllerWithClock(ctx, kubeClient, clk, podInformer, jobInformer, workloadInformer, podGroupInformer)
	if err != nil {
		return nil, err
	}
	jm.podStoreSynced = func() bool { return true }
	jm.jobStoreSynced = func() bool { return true }
	jm.podControl = options.PodControl
	jm.recorder = options.Recorder
	jm.queue.ShutDown()
	jm.queue = options.Queue
	jm.updateStatusHandler = options.UpdateStatus
	return jm, nil
}

// OracleSyncJob runs one syncJob for the key.
func (jm *Controller) OracleSyncJob(ctx context.Context, key string) error {
	return jm.syncJob(ctx, key)
}

// OracleAddPod, OracleUpdatePod and OracleDeletePod are the pod informer's event handlers.
func (jm *Controller) OracleAddPod(logger klog.Logger, obj interface{}) { jm.addPod(logger, obj) }

func (jm *Controller) OracleUpdatePod(logger klog.Logger, old, cur interface{}) {
	jm.updatePod(logger, old, cur)
}

func (jm *Controller) OracleDeletePod(logger klog.Logger, obj interface{}, final bool) {
	jm.deletePod(logger, obj, final)
}

// OracleUpdateJob is the Job informer's update handler.
func (jm *Controller) OracleUpdateJob(logger klog.Logger, old, cur interface{}) {
	jm.updateJob(logger, old, cur)
}
