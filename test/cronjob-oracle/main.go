// Command cronjob-oracle runs the CronJob controller of kube-controller-manager
// (k8s.io/kubernetes v1.34.4, pkg/controller/cronjob) on generated cases and
// writes what it decides, so that k8stui's model (src/model/cronjob.ts) can be
// checked against the real code without Go: the output is committed as
// test/fixtures/cronjob/controller-cases.json and read by
// test/unit/cronjob-controller.test.ts.
//
// It calls the controller's own unexported functions through go:linkname:
//
//   - mostRecentScheduleTime(cj, now, schedule, true): the earliest time it
//     looks from, the most recent time it would start, and none/few/many
//     missed (utils.go);
//   - (*ControllerV2).syncCronJob(ctx, cj, nil): one full sync at `now` with a
//     fake API server and a fake event recorder, so the events it records
//     (TooManyMissedTimes, MissSchedule, InvalidSchedule, UnknownTimeZone,
//     ...), the run it starts (status.lastScheduleTime afterwards) and when it
//     wants to be woken again are the controller's, not a re-implementation.
//
// Regenerate (from the repository root, Go and the module cache needed):
//
//	cd test/cronjob-oracle && go run . > ../fixtures/cronjob/controller-cases.json
//
// The cases are pseudo-random with a fixed seed (-seed, -n), plus the
// hand-picked ones in fixedCases.
package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"math"
	"math/rand"
	"os"
	"reflect"
	"runtime"
	"runtime/debug"
	"strings"
	"time"
	_ "time/tzdata" // as kube-controller-manager does (cmd/kube-controller-manager/controller-manager.go)
	"unsafe"

	"github.com/robfig/cron/v3"
	batchv1 "k8s.io/api/batch/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/types"
	"k8s.io/client-go/informers"
	"k8s.io/client-go/kubernetes/fake"
	"k8s.io/client-go/tools/record"
	"k8s.io/kubernetes/pkg/controller/cronjob"
)

//go:linkname mostRecentScheduleTime k8s.io/kubernetes/pkg/controller/cronjob.mostRecentScheduleTime
func mostRecentScheduleTime(cj *batchv1.CronJob, now time.Time, schedule cron.Schedule, includeStartingDeadlineSeconds bool) (time.Time, *time.Time, int, error)

//go:linkname syncCronJob k8s.io/kubernetes/pkg/controller/cronjob.(*ControllerV2).syncCronJob
func syncCronJob(jm *cronjob.ControllerV2, ctx context.Context, cj *batchv1.CronJob, jobs []*batchv1.Job) (*time.Duration, bool, error)

// setField sets an unexported field of the controller (its clock and its
// event recorder), as the controller's own unit tests do from inside the
// package.
func setField(jm *cronjob.ControllerV2, name string, v any) {
	f := reflect.ValueOf(jm).Elem().FieldByName(name)
	if !f.IsValid() {
		panic("no field " + name)
	}
	reflect.NewAt(f.Type(), unsafe.Pointer(f.UnsafeAddr())).Elem().Set(reflect.ValueOf(v))
}

type Case struct {
	ID       int     `json:"id"`
	Schedule string  `json:"schedule"`
	TimeZone *string `json:"timeZone,omitempty"`
	Created  string  `json:"created"`
	Last     *string `json:"last,omitempty"`
	SDS      *int64  `json:"sds,omitempty"`
	Suspend  bool    `json:"suspend,omitempty"`
	Now      string  `json:"now"`
	// What the controller decided.
	Want Want `json:"want"`
}

type Want struct {
	// mostRecentScheduleTime(cj, now, sched, true); absent when the schedule does not parse.
	Earliest   string  `json:"earliest,omitempty"`
	MostRecent *string `json:"mostRecent,omitempty"`
	Missed     string  `json:"missed,omitempty"`
	Err        string  `json:"err,omitempty"`
	// syncCronJob at now: events recorded ("Type Reason message"), the scheduled time
	// of the Job it created, and its requeue delay in ms.
	Events  []string `json:"events"`
	Started *string  `json:"started,omitempty"`
	Requeue *int64   `json:"requeueMs,omitempty"`
}

const iso = time.RFC3339Nano

func ts(t time.Time) string { return t.UTC().Format(iso) }

func ptr[T any](v T) *T { return &v }

var schedules = []string{
	"*/1 * * * *", "*/5 * * * *", "*/7 * * * *", "*/15 * * * *", "0 * * * *", "15 */2 * * *",
	"0 2 * * *", "30 2 * * *", "0 9 * * 1-5", "0,30 9 * * *", "30 6-16/4 * * 1-5", "0 0 1 * *",
	"0 0 * * 0", "45 23 * * 6", "0 12 1,15 * *", "0 0 29 2 *", "0 0 30 2 *", "@hourly", "@daily",
	"@weekly", "@monthly", "@every 90m", "@every 1h30m10s", "@every 45s", "@every 500ms",
	"*/10 8-17 * * 1-5", "0 0,12 * * *", "5 4 * * sun", "0 22 * * 1-5", "0 1-3 * * *",
	"0,5 * * * *", "0 9,17 * * *", "59 23 31 * *", "0 0 1 1 *", "10,20,50 3 * * *",
}

var zones = []*string{nil, nil, ptr("UTC"), ptr("America/New_York"), ptr("Europe/Berlin"), ptr("Australia/Lord_Howe"), ptr("Asia/Kolkata"), ptr("Pacific/Chatham"), ptr("Etc/UTC")}

var deadlines = []int64{10, 60, 100, 200, 300, 600, 3600, 7200, 86400, 172800, 604800, 2592000}

type input struct {
	schedule string
	tz       *string
	created  time.Time
	last     *time.Time
	sds      *int64
	suspend  bool
	now      time.Time
}

// fixedCases: the example of issue 9 and its neighbours, written out.
func fixedCases() []input {
	t := func(s string) time.Time {
		v, err := time.Parse(time.RFC3339Nano, s)
		if err != nil {
			panic(err)
		}
		return v
	}
	last := t("2026-03-02T09:30:00Z")
	return []input{
		// Issue 9: more than 100 estimated, but the estimate jumps past the last real time.
		{schedule: "0,30 9 * * *", created: t("2026-01-10T08:00:00Z"), last: &last, now: t("2026-03-06T12:00:00Z")},
		// The same at the controller's next wake-up: now it warns and starts 09:00.
		{schedule: "0,30 9 * * *", created: t("2026-01-10T08:00:00Z"), last: &last, now: t("2026-03-07T09:00:00.1Z")},
		// The same at 09:30 on 03-06 (the last time it would have started, had it been running).
		{schedule: "0,30 9 * * *", created: t("2026-01-10T08:00:00Z"), last: &last, now: t("2026-03-06T09:30:00.1Z")},
		// With startingDeadlineSeconds 200: it looks back 200 s only.
		{schedule: "0,30 9 * * *", created: t("2026-01-10T08:00:00Z"), last: &last, sds: ptr(int64(200)), now: t("2026-03-06T12:00:00Z")},
		{schedule: "0,30 9 * * *", created: t("2026-01-10T08:00:00Z"), last: &last, sds: ptr(int64(200)), now: t("2026-03-06T09:32:00Z")},
		// Zones the controller refuses (Node's Intl still knows the first two) and the TZ= prefix.
		{schedule: "0 2 * * *", tz: ptr("US/Pacific-New"), created: t("2026-03-01T00:00:00Z"), now: t("2026-03-06T12:00:00Z")},
		{schedule: "0 2 * * *", tz: ptr("Canada/East-Saskatchewan"), created: t("2026-03-01T00:00:00Z"), now: t("2026-03-06T12:00:00Z")},
		{schedule: "0 2 * * *", tz: ptr("Asia/Beijing"), created: t("2026-03-01T00:00:00Z"), now: t("2026-03-06T12:00:00Z")},
		{schedule: "0 2 * * *", tz: ptr("../etc/passwd"), created: t("2026-03-01T00:00:00Z"), now: t("2026-03-06T12:00:00Z")},
		{schedule: "0 2 * * *", tz: ptr("Factory"), created: t("2026-03-01T00:00:00Z"), last: ptr(t("2026-03-05T02:00:00Z")), now: t("2026-03-06T02:00:00.1Z")},
		{schedule: "TZ=Europe/Berlin 0 2 * * *", created: t("2026-03-01T00:00:00Z"), last: ptr(t("2026-03-05T01:00:00Z")), now: t("2026-03-06T01:00:00.1Z")},
		{schedule: "CRON_TZ=US/Pacific-New 0 2 * * *", created: t("2026-03-01T00:00:00Z"), now: t("2026-03-06T12:00:00Z")},
		{schedule: "0 0 * * 7", created: t("2026-03-01T00:00:00Z"), now: t("2026-03-06T12:00:00Z")},
		{schedule: "-5 * * * *", created: t("2026-03-01T00:00:00Z"), now: t("2026-03-06T12:00:00Z")},
		// Suspended: nothing, whatever was missed.
		{schedule: "*/1 * * * *", created: t("2026-03-01T00:00:00Z"), last: &last, suspend: true, now: t("2026-03-06T12:00:00Z")},
		// startingDeadlineSeconds 0: the controller never finds a time to start.
		{schedule: "*/1 * * * *", created: t("2026-03-01T00:00:00Z"), last: ptr(t("2026-03-06T11:59:00Z")), sds: ptr(int64(0)), now: t("2026-03-06T12:00:00.1Z")},
	}
}

func randomCase(r *rand.Rand) input {
	in := input{schedule: schedules[r.Intn(len(schedules))], tz: zones[r.Intn(len(zones))]}
	start := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	in.now = start.Add(time.Duration(r.Int63n(int64(365 * 24 * time.Hour)))).Truncate(time.Millisecond)
	// How long ago the last run was: log-uniform from a minute to 90 days.
	span := time.Duration(float64(time.Minute) * math.Pow(90*24*60, r.Float64()))
	if r.Intn(8) == 0 {
		// No lastScheduleTime: counted from creationTimestamp.
		in.created = in.now.Add(-span).Truncate(time.Second)
	} else {
		last := in.now.Add(-span).Truncate(time.Second)
		if r.Intn(2) == 0 {
			// As the controller sets it: a scheduled time.
			last = last.Truncate(time.Minute)
		}
		in.last = &last
		in.created = last.Add(-time.Duration(r.Int63n(int64(30 * 24 * time.Hour)))).Truncate(time.Second)
	}
	switch r.Intn(5) {
	case 0, 1:
	case 2:
		in.sds = ptr(int64(1 + r.Intn(200000)))
	default:
		in.sds = ptr(deadlines[r.Intn(len(deadlines))])
	}
	return in
}

func main() {
	n := flag.Int("n", 4000, "random cases")
	seed := flag.Int64("seed", 20260306, "random seed")
	flag.Parse()
	r := rand.New(rand.NewSource(*seed))

	client := fake.NewSimpleClientset()
	factory := informers.NewSharedInformerFactory(client, 0)
	ctx := context.Background()
	jm, err := cronjob.NewControllerV2(ctx, factory.Batch().V1().Jobs(), factory.Batch().V1().CronJobs(), client)
	if err != nil {
		panic(err)
	}
	recorder := record.NewFakeRecorder(1000)
	setField(jm, "recorder", record.EventRecorder(recorder))

	inputs := fixedCases()
	for i := 0; i < *n; i++ {
		inputs = append(inputs, randomCase(r))
	}
	out := make([]Case, 0, len(inputs))
	for i, in := range inputs {
		c := Case{ID: i + 1, Schedule: in.schedule, TimeZone: in.tz, Created: ts(in.created), SDS: in.sds, Suspend: in.suspend, Now: ts(in.now), Want: Want{Events: []string{}}}
		if in.last != nil {
			c.Last = ptr(ts(*in.last))
		}
		cj := &batchv1.CronJob{
			ObjectMeta: metav1.ObjectMeta{Name: "cj", Namespace: fmt.Sprintf("case-%d", i+1), UID: types.UID(fmt.Sprintf("uid-%d", i+1)), CreationTimestamp: metav1.Time{Time: in.created}},
			Spec: batchv1.CronJobSpec{
				Schedule:                in.schedule,
				TimeZone:                in.tz,
				StartingDeadlineSeconds: in.sds,
				ConcurrencyPolicy:       batchv1.AllowConcurrent,
				Suspend:                 &in.suspend,
				JobTemplate:             batchv1.JobTemplateSpec{},
			},
		}
		if in.last != nil {
			cj.Status.LastScheduleTime = &metav1.Time{Time: *in.last}
		}
		// The schedule as the controller parses it (formatSchedule, without its event).
		spec := in.schedule
		if in.tz != nil && !strings.Contains(spec, "TZ") {
			spec = "TZ=" + *in.tz + " " + spec
		}
		if sched, perr := cron.ParseStandard(spec); perr == nil {
			earliest, mostRecent, missed, merr := mostRecentScheduleTime(cj.DeepCopy(), in.now, sched, true)
			c.Want.Earliest = ts(earliest)
			if mostRecent != nil {
				c.Want.MostRecent = ptr(ts(*mostRecent))
			}
			c.Want.Missed = []string{"none", "few", "many"}[missed]
			if merr != nil {
				c.Want.Err = merr.Error()
			}
		}
		now := in.now
		setField(jm, "now", func() time.Time { return now })
		synced := cj.DeepCopy()
		requeue, _, serr := syncCronJob(jm, ctx, synced, nil)
		if serr != nil {
			fmt.Fprintf(os.Stderr, "case %d: sync error: %v\n", i+1, serr)
		}
		if requeue != nil {
			c.Want.Requeue = ptr(requeue.Milliseconds())
		}
		if synced.Status.LastScheduleTime != nil && (in.last == nil || !synced.Status.LastScheduleTime.Time.Equal(*in.last)) {
			c.Want.Started = ptr(ts(synced.Status.LastScheduleTime.Time))
		}
	drain:
		for {
			select {
			case e := <-recorder.Events:
				c.Want.Events = append(c.Want.Events, e)
			default:
				break drain
			}
		}
		out = append(out, c)
	}
	w := os.Stdout
	k8s := "?"
	if bi, ok := debug.ReadBuildInfo(); ok {
		for _, d := range bi.Deps {
			if d.Path == "k8s.io/kubernetes" {
				k8s = d.Version
			}
		}
	}
	fmt.Fprintf(w, "{\"generator\":\"test/cronjob-oracle\",\"kubernetes\":%q,\"go\":%q,\"seed\":%d,\"cases\":[\n", k8s, runtime.Version(), *seed)
	for i, c := range out {
		b, err := json.Marshal(c)
		if err != nil {
			panic(err)
		}
		sep := ","
		if i == len(out)-1 {
			sep = ""
		}
		fmt.Fprintf(w, "%s%s\n", b, sep)
	}
	fmt.Fprintln(w, "]}")
}
