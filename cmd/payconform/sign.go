package main

import (
	"flag"
	"fmt"
	"os"

	"github.com/payconform/payconform/harness/iyzico"
)

func runSign(args []string) int {
	if len(args) > 0 && (args[0] == "-h" || args[0] == "--help") {
		fmt.Println("usage: payconform sign iyzico -path PATH (-body JSON | -body-file FILE) [-api-key K] [-random-key R]\n\nexample:\n  payconform sign iyzico -path /payment/bin/check -body '{\"locale\":\"tr\",\"binNumber\":\"554960\"}' | curl -H @- ...")
		return 0
	}
	if len(args) == 0 || args[0] != "iyzico" {
		return fail("payconform sign", "want: payconform sign iyzico -path PATH (-body JSON | -body-file FILE); iyzico is the provider that signs requests")
	}
	fs := flag.NewFlagSet("payconform sign iyzico", flag.ContinueOnError)
	path := fs.String("path", iyzico.BinCheckPath, "request path, with its query string if the request has one")
	body := fs.String("body", "", "request body, exactly as it will be sent")
	bodyFile := fs.String("body-file", "", "read the request body from this file instead")
	apiKey := fs.String("api-key", os.Getenv(iyzico.EnvAPIKey), "apiKey (default $IYZICO_API_KEY)")
	randomKey := fs.String("random-key", "", "randomKey (default: a fresh random one)")
	rnd := fs.Bool("x-iyzi-rnd", true, "also print x-iyzi-rnd, as the Node and Python SDKs send it")
	fs.Usage = func() {
		fmt.Fprintln(fs.Output(), "usage: payconform sign iyzico [flags]\n\nThe secret key is read from $IYZICO_SECRET_KEY, never from a flag, so that it stays out of shell history.\nPrints the headers one per line, ready for curl -H @-.")
		fs.PrintDefaults()
	}
	if code, ok := parse(fs, args[1:]); !ok {
		return code
	}
	secret := os.Getenv(iyzico.EnvSecretKey)
	switch {
	case *apiKey == "":
		fmt.Fprintln(os.Stderr, "payconform sign: no apiKey: set IYZICO_API_KEY or pass -api-key")
		return 2
	case secret == "":
		fmt.Fprintln(os.Stderr, "payconform sign: no secret key: set IYZICO_SECRET_KEY")
		return 2
	case *body != "" && *bodyFile != "":
		fmt.Fprintln(os.Stderr, "payconform sign: give -body or -body-file, not both")
		return 2
	}
	payload := []byte(*body)
	if *bodyFile != "" {
		var err error
		if payload, err = os.ReadFile(*bodyFile); err != nil {
			fmt.Fprintln(os.Stderr, "payconform sign:", err)
			return 1
		}
	}
	if *randomKey == "" {
		*randomKey = iyzico.NewRandomKey()
	}
	s := iyzico.Signer{Credentials: iyzico.Credentials{APIKey: *apiKey, SecretKey: secret}, SendRnd: *rnd}
	signed := s.Sign(*randomKey, *path, payload)
	fmt.Printf("Authorization: %s\n", signed.Authorization)
	if signed.XIyziRnd != "" {
		fmt.Printf("%s: %s\n", iyzico.RndHeader, signed.XIyziRnd)
	}
	fmt.Println("Content-Type: application/json")
	return 0
}
