package mockserver

// cloud is one cloud provider and the regions the mock knows for it.
type cloud struct {
	id          string
	description string
	regions     []string
}

// clouds is the fixed catalog behind /v1/clouds and /v1/regions, and the
// set of region path prefixes the mock accepts.
var clouds = []cloud{
	{"ali", "Alibaba Cloud", []string{"ali-cn-hangzhou", "ali-cn-beijing", "ali-cn-shenzhen"}},
	{"tc", "Tencent Cloud", []string{"tc-ap-beijing", "tc-ap-shanghai"}},
	{"aws", "Amazon Web Services", []string{"aws-us-west-2", "aws-us-east-1", "aws-eu-central-1"}},
	{"gcp", "Google Cloud Platform", []string{"gcp-us-west1", "gcp-europe-west3"}},
}

// defaultRegion is where AddCluster puts a cluster given without a region:
// the first region of the China site, the provider's default site.
const defaultRegion = "ali-cn-hangzhou"

// knownRegion reports whether region is one of the catalog's.
func knownRegion(region string) bool {
	for _, c := range clouds {
		for _, r := range c.regions {
			if r == region {
				return true
			}
		}
	}
	return false
}

// cloudJSON is an element of GET /v1/clouds.
type cloudJSON struct {
	CloudID     string `json:"cloudId"`
	Description string `json:"description"`
}

// regionJSON is an element of GET /v1/regions.
type regionJSON struct {
	CloudID    string `json:"cloudId"`
	RegionID   string `json:"regionId"`
	APIBaseURL string `json:"apiBaseUrl"`
}

func handleClouds() response {
	out := make([]cloudJSON, 0, len(clouds))
	for _, c := range clouds {
		out = append(out, cloudJSON{c.id, c.description})
	}
	return success(out)
}

// handleRegions lists the regions of ?cloudId=; the base URLs point back at
// this mock (the request's Host) so a client can follow them.
func handleRegions(c *call) response {
	want := c.r.URL.Query().Get("cloudId")
	out := []regionJSON{} // an unknown cloud is an empty list, not null
	for _, cl := range clouds {
		if cl.id != want {
			continue
		}
		for _, r := range cl.regions {
			out = append(out, regionJSON{cl.id, r, "http://" + c.r.Host + "/" + r})
		}
	}
	return success(out)
}
