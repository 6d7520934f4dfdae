// kube-score v1.20.0 with the chart's policy: every default kube-score check, plus the pod checks
// kube-linter would apply that kube-score lacks (runAsNonRoot, no privilege escalation, all
// capabilities dropped). kube-linter itself is not served by the Go module proxy this project can
// reach; see deploy/helm/mstore/README.md.
//
//	kube-score-mstore [--ignore-test ID]... [--enable-optional-test ID]... [--kubernetes-version vN.NN]
//	  [--min-replicas-deployment N] [--min-replicas-hpa N] [--list] FILE...
//
// Prints one line per finding (kube-score's `ci` format) and exits 1 on any critical one.
package main

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"

	flag "github.com/spf13/pflag"
	"github.com/zegl/kube-score/config"
	ks "github.com/zegl/kube-score/domain"
	"github.com/zegl/kube-score/parser"
	"github.com/zegl/kube-score/renderer/ci"
	"github.com/zegl/kube-score/score"
	"github.com/zegl/kube-score/score/checks"
	"github.com/zegl/kube-score/scorecard"
	corev1 "k8s.io/api/core/v1"
)

type namedReader struct {
	io.Reader
	name string
}

func (n namedReader) Name() string { return n.name }

func main() {
	fs := flag.NewFlagSet("kube-score-mstore", flag.ExitOnError)
	ignore := fs.StringSlice("ignore-test", nil, "a check to skip (repeatable)")
	optional := fs.StringSlice("enable-optional-test", nil, "an optional check to run (repeatable)")
	kubeVersion := fs.String("kubernetes-version", "v1.34", "the cluster version the manifests target")
	minDeploy := fs.Int("min-replicas-deployment", 2, "fewest replicas a Deployment may have")
	minHPA := fs.Int("min-replicas-hpa", 2, "fewest minReplicas an HPA may have")
	list := fs.Bool("list", false, "list every check (id, target, default/optional) and exit")
	if err := fs.Parse(os.Args[1:]); err != nil {
		fail(err)
	}
	if *list {
		for _, c := range register(parser.Empty(), &checks.Config{}, nil).All() {
			kind := "default"
			if c.Optional {
				kind = "optional"
			}
			fmt.Printf("%s\t%s\t%s\n", c.ID, c.TargetType, kind)
		}
		return
	}
	if fs.NArg() == 0 {
		fail(fmt.Errorf("no files given"))
	}
	known := map[string]bool{}
	for _, c := range register(parser.Empty(), &checks.Config{}, nil).All() {
		known[c.ID] = true
	}
	for _, id := range append(slices.Clone(*ignore), *optional...) {
		if !known[id] {
			fail(fmt.Errorf("unknown check %q (--list names them)", id))
		}
	}
	kubeVer, err := config.ParseSemver(*kubeVersion)
	if err != nil {
		fail(fmt.Errorf("--kubernetes-version: %w", err))
	}
	run := &config.RunConfiguration{
		EnabledOptionalTests:        set(*optional),
		UseIgnoreChecksAnnotation:   true,
		UseOptionalChecksAnnotation: false,
		KubernetesVersion:           kubeVer,
		MinReplicasDeployment:       *minDeploy,
		MinReplicasHPA:              *minHPA,
	}
	var files []ks.NamedReader
	for _, name := range fs.Args() {
		f, err := os.Open(name)
		if err != nil {
			fail(err)
		}
		abs, _ := filepath.Abs(name)
		files = append(files, namedReader{Reader: f, name: abs})
	}
	p, err := parser.New(&parser.Config{})
	if err != nil {
		fail(err)
	}
	parsed, err := p.ParseFiles(files)
	if err != nil {
		fail(err)
	}
	card, err := score.Score(parsed, register(parsed, &checks.Config{IgnoredTests: set(*ignore)}, run), run)
	if err != nil {
		fail(err)
	}
	out, _ := io.ReadAll(ci.CI(card))
	fmt.Print(string(out))
	if card.AnyBelowOrEqualToGrade(scorecard.GradeCritical) {
		os.Exit(1)
	}
}

func register(objects ks.AllTypes, cnf *checks.Config, run *config.RunConfiguration) *checks.Checks {
	all := score.RegisterAllChecks(objects, cnf, run)
	all.RegisterPodCheck("Container Security Context RunAsNonRoot",
		"Makes sure that every container must run as a non-root user (securityContext.runAsNonRoot: true, pod or container level)",
		perContainer(func(c corev1.Container, pod *corev1.PodSecurityContext) string {
			if c.SecurityContext != nil && c.SecurityContext.RunAsNonRoot != nil {
				if *c.SecurityContext.RunAsNonRoot {
					return ""
				}
				return "runAsNonRoot is false"
			}
			if pod != nil && pod.RunAsNonRoot != nil {
				if *pod.RunAsNonRoot {
					return ""
				}
				return "runAsNonRoot is false (pod securityContext)"
			}
			return "runAsNonRoot is not set: the container may run as root"
		}))
	all.RegisterPodCheck("Container Security Context AllowPrivilegeEscalation",
		"Makes sure that no container may gain more privileges than its parent process (allowPrivilegeEscalation: false)",
		perContainer(func(c corev1.Container, _ *corev1.PodSecurityContext) string {
			if c.SecurityContext != nil && c.SecurityContext.AllowPrivilegeEscalation != nil && !*c.SecurityContext.AllowPrivilegeEscalation {
				return ""
			}
			return "allowPrivilegeEscalation is not false"
		}))
	all.RegisterPodCheck("Container Security Context Capabilities",
		"Makes sure that every container drops ALL capabilities and adds none",
		perContainer(func(c corev1.Container, _ *corev1.PodSecurityContext) string {
			if c.SecurityContext == nil || c.SecurityContext.Capabilities == nil ||
				!slices.Contains(c.SecurityContext.Capabilities.Drop, "ALL") {
				return "capabilities.drop does not contain ALL"
			}
			if len(c.SecurityContext.Capabilities.Add) > 0 {
				return fmt.Sprintf("capabilities.add is %v", c.SecurityContext.Capabilities.Add)
			}
			return ""
		}))
	return all
}

// perContainer turns a per-container finding ("" when fine) into a pod check: critical on any finding.
func perContainer(finding func(corev1.Container, *corev1.PodSecurityContext) string) checks.CheckFunc[ks.PodSpecer] {
	return func(ps ks.PodSpecer) (s scorecard.TestScore, err error) {
		spec := ps.GetPodTemplateSpec().Spec
		s.Grade = scorecard.GradeAllOK
		for _, c := range append(slices.Clone(spec.InitContainers), spec.Containers...) {
			if msg := finding(c, spec.SecurityContext); msg != "" {
				s.Grade = scorecard.GradeCritical
				s.AddComment(c.Name, msg, "")
			}
		}
		return s, nil
	}
}

func set(items []string) map[string]struct{} {
	m := make(map[string]struct{}, len(items))
	for _, i := range items {
		m[i] = struct{}{}
	}
	return m
}

func fail(err error) {
	fmt.Fprintln(os.Stderr, "kube-score-mstore:", err)
	os.Exit(2)
}
