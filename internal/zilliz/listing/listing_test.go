package listing

import (
	"context"
	"errors"
	"sync"
	"testing"
	"testing/synctest"
	"time"
)

// fetcher serves items from a map, counting its calls.
type fetcher struct {
	mu        sync.Mutex
	items     map[string]string
	pages     int
	describes []string
}

var errMissing = errors.New("no such item")

func (f *fetcher) Describe(_ context.Context, id string) (string, time.Time, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.describes = append(f.describes, id)
	if v, ok := f.items[id]; ok {
		return v, time.Now(), nil
	}
	return "", time.Now(), errMissing
}

func (f *fetcher) Page(_ context.Context, n int) (Page[string], time.Time, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.pages++
	p := Page[string]{Items: map[string]string{}, Count: len(f.items), PageSize: 100}
	if n == 1 {
		for id, v := range f.items {
			p.Items[id] = v
		}
	}
	return p, time.Now(), nil
}

// unpaced is a budget nothing holds back.
type unpaced struct{}

func (unpaced) Pace() float64 { return 0 }
func (unpaced) Queued() int   { return 0 }
func (unpaced) Together(int)  {}

type quiet struct{}

func (quiet) Debug(context.Context, string, map[string]any) {}
func (quiet) Warn(context.Context, string, map[string]any)  {}

// Reads that meet in one round are served by one page, and a later read of
// an item the page lacks is described, never reported missing on the page's
// word; a read that must be newer than the listing gets a newer one.
func TestReadsMeetOnAPage(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		f := &fetcher{items: map[string]string{"a": "A", "b": "B", "c": "C"}}
		r := New[string]("region", f, unpaced{}, quiet{}, 100)
		ctx := context.Background()
		ws := []*Waiter[string]{NewRead[string](ctx, "a", time.Now(), 0), NewRead[string](ctx, "b", time.Now(), 0),
			NewRead[string](ctx, "c", time.Now(), 0)}
		r.Enqueue(ws...)
		for i, want := range []string{"A", "B", "C"} {
			<-ws[i].Done()
			if got := ws[i].Answer(); got.Err != nil || got.Item != want {
				t.Errorf("read %d: %+v, want %s", i, got, want)
			}
		}
		if f.pages != 1 || len(f.describes) != 0 || r.Generation() != 1 {
			t.Errorf("%d pages, describes %v, generation %d; want one page, no describe, generation 1",
				f.pages, f.describes, r.Generation())
		}
		f.items["d"] = "D"
		if got := r.Await(NewRead[string](ctx, "d", time.Now().Add(-MaxAge), 0)); got.Item != "D" {
			t.Errorf("an item the listing lacks: %+v, want it described", got)
		}
		// The reads of the last MaxAge outnumber the pages: a new listing serves it.
		if got := r.Await(NewRead[string](ctx, "a", time.Now().Add(-MaxAge), 1)); got.Item != "A" || f.pages != 2 ||
			r.Generation() != 2 {
			t.Errorf("a read that needs a listing after generation 1: %+v, %d pages, generation %d; want a second listing",
				got, f.pages, r.Generation())
		}
	})
}
