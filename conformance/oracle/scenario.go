package main

// The scenario format shared with the TypeScript side (conformance/scenario.ts); README.md
// describes it. Both sides resolve a pod's behaviour with the same rules.

import (
	"encoding/json"
	"fmt"
	"os"
)

// IntList is a number or a list of numbers in JSON.
type IntList []int

func (l *IntList) UnmarshalJSON(data []byte) error {
	var one int
	if err := json.Unmarshal(data, &one); err == nil {
		*l = IntList{one}
		return nil
	}
	var many []int
	if err := json.Unmarshal(data, &many); err != nil {
		return fmt.Errorf("want a number or a list of numbers: %w", err)
	}
	*l = many
	return nil
}

func (l IntList) has(n int) bool {
	for _, v := range l {
		if v == n {
			return true
		}
	}
	return false
}

// Run is one container attempt: how long it runs and how it exits.
type Run struct {
	DurationSeconds *float64 `json:"durationSeconds,omitempty"`
	ExitCode        *int     `json:"exitCode,omitempty"`
}

// Behaviour is what a pod does. Unset fields come from the default behaviour, then built-ins.
type Behaviour struct {
	DurationSeconds *float64 `json:"durationSeconds,omitempty"`
	ExitCode        *int     `json:"exitCode,omitempty"`
	// Runs: container attempts in order (restarts in place under OnFailure); the last repeats.
	Runs []Run `json:"runs,omitempty"`
	// Containers: per container name, runs that replace Runs for that container.
	Containers         map[string][]Run `json:"containers,omitempty"`
	EvictAfterSeconds  *float64         `json:"evictAfterSeconds,omitempty"`
	DeleteAfterSeconds *float64         `json:"deleteAfterSeconds,omitempty"`
	IgnoresSigterm     *bool            `json:"ignoresSigterm,omitempty"`
}

// Rule applies its behaviour to the pods it matches (all of them when index and attempt are absent).
type Rule struct {
	Behaviour
	Index   IntList `json:"index,omitempty"`
	Attempt IntList `json:"attempt,omitempty"`
}

type Action struct {
	AtSeconds float64 `json:"atSeconds"`
	Suspend   *bool   `json:"suspend,omitempty"`
}

type Scenario struct {
	Name               string          `json:"name"`
	Description        string          `json:"description,omitempty"`
	BackoffBaseSeconds *float64        `json:"backoffBaseSeconds,omitempty"`
	MaxSeconds         *float64        `json:"maxSeconds,omitempty"`
	Job                json.RawMessage `json:"job"`
	Pods               struct {
		Default Behaviour `json:"default"`
		Rules   []Rule    `json:"rules,omitempty"`
	} `json:"pods"`
	Actions []Action `json:"actions,omitempty"`
}

func readScenario(path string) (*Scenario, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	var s Scenario
	if err := json.Unmarshal(data, &s); err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return &s, nil
}

// Effective is a resolved behaviour, in milliseconds.
type Effective struct {
	runs           map[string][]effRun
	defaultRuns    []effRun
	evictAfterMs   int64 // -1: never
	deleteAfterMs  int64 // -1: never
	ignoresSigterm bool
}

type effRun struct {
	durationMs int64
	exitCode   int
}

func merge(base Behaviour, over Behaviour) Behaviour {
	out := base
	if over.DurationSeconds != nil {
		out.DurationSeconds = over.DurationSeconds
	}
	if over.ExitCode != nil {
		out.ExitCode = over.ExitCode
	}
	if over.Runs != nil {
		out.Runs = over.Runs
	}
	if over.Containers != nil {
		out.Containers = over.Containers
	}
	if over.EvictAfterSeconds != nil {
		out.EvictAfterSeconds = over.EvictAfterSeconds
	}
	if over.DeleteAfterSeconds != nil {
		out.DeleteAfterSeconds = over.DeleteAfterSeconds
	}
	if over.IgnoresSigterm != nil {
		out.IgnoresSigterm = over.IgnoresSigterm
	}
	return out
}

func secondsToMs(s float64) int64 { return int64(s*1000 + 0.5) }

// resolve: the default behaviour, overridden by the first rule that matches. index is -1 for a
// NonIndexed Job (rules with an index never match it); attempt is the pod's number among the pods
// of its index (NonIndexed: among all the Job's pods), from 0, in creation order.
func (s *Scenario) resolve(index, attempt int) Effective {
	b := s.Pods.Default
	for _, rule := range s.Pods.Rules {
		if rule.Index != nil && (index < 0 || !rule.Index.has(index)) {
			continue
		}
		if rule.Attempt != nil && !rule.Attempt.has(attempt) {
			continue
		}
		b = merge(b, rule.Behaviour)
		break
	}
	duration := 1.0
	if b.DurationSeconds != nil {
		duration = *b.DurationSeconds
	}
	exit := 0
	if b.ExitCode != nil {
		exit = *b.ExitCode
	}
	toRuns := func(runs []Run) []effRun {
		if len(runs) == 0 {
			return []effRun{{secondsToMs(duration), exit}}
		}
		out := make([]effRun, len(runs))
		for i, r := range runs {
			out[i] = effRun{secondsToMs(duration), exit}
			if r.DurationSeconds != nil {
				out[i].durationMs = secondsToMs(*r.DurationSeconds)
			}
			if r.ExitCode != nil {
				out[i].exitCode = *r.ExitCode
			}
		}
		return out
	}
	e := Effective{defaultRuns: toRuns(b.Runs), runs: map[string][]effRun{}, evictAfterMs: -1, deleteAfterMs: -1}
	for name, runs := range b.Containers {
		e.runs[name] = toRuns(runs)
	}
	if b.EvictAfterSeconds != nil {
		e.evictAfterMs = secondsToMs(*b.EvictAfterSeconds)
	}
	if b.DeleteAfterSeconds != nil {
		e.deleteAfterMs = secondsToMs(*b.DeleteAfterSeconds)
	}
	e.ignoresSigterm = b.IgnoresSigterm != nil && *b.IgnoresSigterm
	return e
}

func (e Effective) run(container string, attempt int) effRun {
	runs, ok := e.runs[container]
	if !ok {
		runs = e.defaultRuns
	}
	if attempt >= len(runs) {
		return runs[len(runs)-1]
	}
	return runs[attempt]
}
