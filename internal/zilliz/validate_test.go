package zilliz

import (
	"errors"
	"fmt"
	"strings"
	"testing"
)

func TestValidateEndpoint(t *testing.T) {
	for _, tc := range []struct {
		endpoint string
		ok       bool
		msg      string
	}{
		{DefaultEndpoint, true, ""},
		{GlobalEndpoint, true, ""},
		{"https://proxy.example.com/zilliz/{region}", true, ""},
		{"https://proxy.example.com:8443/{region}/", true, ""},
		{"http://127.0.0.1:8080/{region}", true, ""},
		{"http://localhost:8080/{region}", true, ""},
		{"http://[::1]:8080/{region}", true, ""},
		{"https://controller.api.zillizcloud.com", false, "{region}"},
		{"", false, "not an absolute https:// URL"},
		{"not a url {region}", false, "not an absolute https:// URL"},
		{"not a url", false, "not an absolute https:// URL"},
		{"controller.api.{region}.zillizcloud.com", false, "not an absolute https:// URL"},
		{"//controller.api.{region}.zillizcloud.com", false, "not an absolute https:// URL"},
		{"ftp://controller.api.{region}.zillizcloud.com", false, "not an absolute https:// URL"},
		{"https://{region}", true, ""},
		{"https:///{region}", false, "not an absolute https:// URL"},
		{"http://controller.api.{region}.zillizcloud.com", false, "plain http"},
		{"http://10.0.0.1/{region}", false, "plain http"},
		{"http://127.0.0.1.nip.io/{region}", false, "plain http"},
		{"https://user:pass@controller.api.{region}.zillizcloud.com", false, "credentials"},
		{"https://controller.api.{region}.zillizcloud.com?x=1", false, "query"},
		{"https://controller.api.{region}.zillizcloud.com#frag", false, "fragment"},
		{"https://controller api.{region}.com", false, "not an absolute"},
	} {
		t.Run(tc.endpoint, func(t *testing.T) {
			err := ValidateEndpoint(tc.endpoint)
			if (err == nil) != tc.ok {
				t.Fatalf("ValidateEndpoint(%q) = %v, want ok=%v", tc.endpoint, err, tc.ok)
			}
			if err != nil && !strings.Contains(err.Error(), tc.msg) {
				t.Errorf("error %q does not say %q", err, tc.msg)
			}
			if err != nil && !strings.Contains(err.Error(), fmt.Sprintf("%q", tc.endpoint)) {
				t.Errorf("error %q does not quote the endpoint", err)
			}
			if err != nil && !errors.Is(err, ErrInvalidInput) {
				t.Errorf("error %q is not ErrInvalidInput, as the other validators' are", err)
			}
			// The client applies the same rule.
			_, cerr := NewClient(Config{APIKey: "k", Endpoint: tc.endpoint})
			if tc.endpoint != "" && (cerr == nil) != tc.ok {
				t.Errorf("NewClient accepted=%v, ValidateEndpoint accepted=%v", cerr == nil, tc.ok)
			}
		})
	}
}

func TestValidateRegionID(t *testing.T) {
	valid := []string{"aws-us-west-2", "ali-cn-hangzhou", "gcp-us-west1", "tc-ap-beijing", "az-eastus", "r1"}
	invalid := []string{"", "AWS-US-WEST-2", "aws_us", "aws--us", "-aws", "aws-", "aws us", "aws/us", "..", "aws-us-west-2/..",
		"aws?x", "aws#x", "aws%2f", "aws-ü", "aws\n", strings.Repeat("a", 65)}
	for _, r := range valid {
		if err := ValidateRegionID(r); err != nil {
			t.Errorf("ValidateRegionID(%q) = %v", r, err)
		}
	}
	for _, r := range invalid {
		err := ValidateRegionID(r)
		if !errors.Is(err, ErrInvalidInput) {
			t.Errorf("ValidateRegionID(%q) = %v, want ErrInvalidInput", r, err)
		} else if !strings.Contains(err.Error(), fmt.Sprintf("%q", r)) {
			t.Errorf("error %q does not quote the region", err)
		}
	}
}

func TestValidateClusterID(t *testing.T) {
	valid := []string{"in01-3e5ad8adc38c3b8", "in03-abc", "in05-ABC123", "x", strings.Repeat("a", 64)}
	invalid := []string{"", "in01-abc/drop", "in01/../x", "..", ".", "in01-abc?", "in01-abc#", "in01-%2F", "in01 abc", " in01",
		"in01-ünicode", "in01-abc\x00", "in01--abc", "-in01", "in01-", "in01_abc", strings.Repeat("a", 65)}
	for _, id := range valid {
		if err := ValidateClusterID(id); err != nil {
			t.Errorf("ValidateClusterID(%q) = %v", id, err)
		}
	}
	for _, id := range invalid {
		err := ValidateClusterID(id)
		if !errors.Is(err, ErrInvalidInput) {
			t.Errorf("ValidateClusterID(%q) = %v, want ErrInvalidInput", id, err)
		} else if !strings.Contains(err.Error(), fmt.Sprintf("%q", id)) {
			t.Errorf("error %q does not quote the id", err)
		}
	}
}

func TestNewClientRefusesBadConfig(t *testing.T) {
	for _, cfg := range []Config{
		{APIKey: ""},
		{APIKey: "  "},
		{APIKey: "k", Endpoint: "https://no-placeholder.example.com"},
		{APIKey: "k", MaxRate: -1},
		{APIKey: "k", MaxRetries: -1},
	} {
		if _, err := NewClient(cfg); !errors.Is(err, ErrInvalidInput) {
			t.Errorf("NewClient(%+v) = %v, want ErrInvalidInput", cfg, err)
		}
	}
}
