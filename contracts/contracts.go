// Package contracts embeds the OpenAPI documents that payconform checks targets against, one per
// provider. harness/contract loads and validates them; nothing else should read these files.
package contracts

import "embed"

// FS holds every contract document, at the top level: iyzico.openapi.yaml, and one per provider beside it.
//
//go:embed *.openapi.*
var FS embed.FS
