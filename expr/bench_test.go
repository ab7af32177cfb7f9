package expr

import "testing"

const benchCondition = "github.event_name == 'push' && contains(github.ref, 'release')"

// benchEnv is a realistic evaluation environment: the github context of a
// push event plus the usual other contexts.
func benchEnv() *Env {
	ctx := testContexts()
	gh := ctx["github"].(map[string]any)
	gh["ref"] = "refs/heads/release/v1.2"
	gh["base_ref"] = ""
	gh["head_ref"] = ""
	gh["job"] = "build"
	gh["run_id"] = "1658821493"
	gh["run_attempt"] = "1"
	gh["server_url"] = "https://github.com"
	gh["api_url"] = "https://api.github.com"
	gh["token"] = "***"
	gh["triggering_actor"] = "Mona"
	gh["workflow"] = "CI"
	return &Env{Contexts: ctx}
}

func BenchmarkEvalCondition(b *testing.B) {
	p, err := Compile(benchCondition)
	if err != nil {
		b.Fatal(err)
	}
	env := benchEnv()
	if ok, err := p.EvalBool(env); err != nil || !ok {
		b.Fatalf("got %v, %v", ok, err)
	}
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if _, err := p.EvalBool(env); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkEvalConditionParallel(b *testing.B) {
	p, err := Compile(benchCondition)
	if err != nil {
		b.Fatal(err)
	}
	env := benchEnv()
	b.ReportAllocs()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			if _, err := p.EvalBool(env); err != nil {
				b.Error(err)
				return
			}
		}
	})
}

func BenchmarkCompile(b *testing.B) {
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		if _, err := Compile(benchCondition); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkTemplateEval(b *testing.B) {
	t, err := ParseTemplate("deploy ${{ github.repository }}@${{ github.sha }} to ${{ matrix.os }}")
	if err != nil {
		b.Fatal(err)
	}
	env := benchEnv()
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if _, err := t.Eval(env); err != nil {
			b.Fatal(err)
		}
	}
}
