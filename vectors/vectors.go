// Package vectors embeds payconform's known-answer vector files (<provider>/*.json) and the JSON
// Schema they follow (schema.json). harness/vectorset decodes them into typed structs.
package vectors

import "embed"

// FS holds schema.json and every <provider>/*.json vector file.
//
//go:embed schema.json */*.json
var FS embed.FS
