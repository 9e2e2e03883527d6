package conform

import (
	"bytes"
	"fmt"
)

// Malformed is a correctly signed bin/check whose body or headers are wrong. The input specs
// each send one; IYZ-ROBUST-01 sends them all and asks only that none gets a 5xx.
type Malformed struct {
	Name string
	Body []byte
	Opts []RequestOption
	// Heavy cases are not sent to a provider's sandbox.
	Heavy bool
}

// MalformedRequests are the input negatives, by name.
var MalformedRequests = []Malformed{
	{Name: "missing binNumber", Body: []byte(`{"locale":"tr","conversationId":"payconform-input-01"}`)},
	{Name: "binNumber as a JSON number", Body: []byte(`{"locale":"tr","conversationId":"payconform-input-02","binNumber":554960}`)},
	{Name: "truncated JSON", Body: []byte(`{"locale":"tr","conversationId":"payconform-input-03","binNumber":`)},
	{Name: "JSON array instead of an object", Body: []byte(`["554960"]`)},
	{Name: "invalid UTF-8 in a string", Body: []byte("{\"locale\":\"tr\",\"conversationId\":\"payconform-\xff\xfe\",\"binNumber\":\"554960\"}")},
	{Name: "body over 1 MiB", Body: oversized(), Heavy: true},
	{Name: "no Content-Type", Body: []byte(`{"locale":"tr","conversationId":"payconform-input-07","binNumber":"554960"}`), Opts: []RequestOption{WithoutHeader("Content-Type")}},
}

// MalformedRequest finds a case by name; an unknown name is a programming error.
func MalformedRequest(name string) Malformed {
	for _, m := range MalformedRequests {
		if m.Name == name {
			return m
		}
	}
	panic(fmt.Sprintf("iyzico: no malformed case %q", name))
}

// oversized is a well-formed bin/check just over 1 MiB, padded in conversationId.
func oversized() []byte {
	prefix := []byte(`{"locale":"tr","binNumber":"554960","conversationId":"`)
	pad := bytes.Repeat([]byte("x"), 1<<20-len(prefix))
	return append(append(prefix, pad...), `"}`...)
}
