package server

import (
	"os"
	"testing"
)

const zillizAddress = "registry.terraform.io/zilliz-terraform/zilliz"

func TestSilenceUnreadLogs(t *testing.T) {
	for _, tt := range []struct {
		name string
		env  map[string]string
		want map[string]string // "" = left unset
	}{
		{"nothing asked: all off", nil,
			map[string]string{"TF_LOG_PROVIDER_ZILLIZ": "off", "TF_LOG_SDK": "off", "TF_LOG_SDK_PROTO": "off", "TF_LOG_SDK_FRAMEWORK": "off"}},
		{"TF_LOG: untouched", map[string]string{"TF_LOG": "DEBUG"},
			map[string]string{"TF_LOG_PROVIDER_ZILLIZ": "", "TF_LOG_SDK": "", "TF_LOG_SDK_PROTO": "", "TF_LOG_SDK_FRAMEWORK": ""}},
		{"TF_LOG_PROVIDER: untouched", map[string]string{"TF_LOG_PROVIDER": "TRACE"},
			map[string]string{"TF_LOG_PROVIDER_ZILLIZ": "", "TF_LOG_SDK": ""}},
		{"a level the user set is kept", map[string]string{"TF_LOG_SDK_PROTO": "DEBUG"},
			map[string]string{"TF_LOG_SDK_PROTO": "DEBUG", "TF_LOG_SDK": "off"}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			for _, v := range append([]string{"TF_LOG", "TF_LOG_PROVIDER"}, logLevelVars(zillizAddress)...) {
				t.Setenv(v, "") // restored after the test
				_ = os.Unsetenv(v)
			}
			for k, v := range tt.env {
				t.Setenv(k, v)
			}
			silenceUnreadLogs(zillizAddress)
			for k, want := range tt.want {
				if got := os.Getenv(k); got != want {
					t.Errorf("%s = %q, want %q", k, got, want)
				}
			}
		})
	}
}

func TestLogLevelVarsNameTheProvidersType(t *testing.T) {
	for address, want := range map[string]string{
		"registry.terraform.io/zilliz-terraform/zilliz": "TF_LOG_PROVIDER_ZILLIZ",
		"registry.terraform.io/zilliz-terraform/noop":   "TF_LOG_PROVIDER_NOOP",
		"example.com/acme/cloud-db":                     "TF_LOG_PROVIDER_CLOUD_DB",
	} {
		if got := logLevelVars(address)[0]; got != want {
			t.Errorf("logLevelVars(%q)[0] = %q, want %q", address, got, want)
		}
	}
}
