package iyzico

// BinCheckPath is the bin/check operation's path.
const BinCheckPath = "/payment/bin/check"

// BinCheckRequest is the body of POST /payment/bin/check (iyzipay-java RetrieveBinNumberRequest).
type BinCheckRequest struct {
	Locale         string `json:"locale,omitempty"`
	ConversationID string `json:"conversationId,omitempty"`
	BinNumber      string `json:"binNumber"`
}

// BinCheckResponse is the answer, success or failure envelope (iyzipay-java model/BinNumber.java
// and IyzipayResource.java). Pointers mark fields whose absence a check must be able to see.
type BinCheckResponse struct {
	Status         string `json:"status"`
	ErrorCode      string `json:"errorCode,omitempty"`
	ErrorMessage   string `json:"errorMessage,omitempty"`
	ErrorGroup     string `json:"errorGroup,omitempty"`
	Locale         string `json:"locale,omitempty"`
	SystemTime     int64  `json:"systemTime,omitempty"`
	ConversationID string `json:"conversationId,omitempty"`

	BinNumber       string `json:"binNumber,omitempty"`
	CardType        string `json:"cardType,omitempty"`
	CardAssociation string `json:"cardAssociation,omitempty"`
	CardFamily      string `json:"cardFamily,omitempty"`
	BankName        string `json:"bankName,omitempty"`
	BankCode        *int64 `json:"bankCode,omitempty"`
	Commercial      *int   `json:"commercial,omitempty"`
}

// Status values.
const (
	StatusSuccess = "success"
	StatusFailure = "failure"
)

// Error codes the mock answers with. Sources: "1000 Geçersiz imza" in iyzico/iyzipay-python#85,
// iyzico/iyzipay-node#17, iyzico/iyzipay-php#48; "1001 api bilgileri bulunamadı" in a VCR cassette
// of a Ruby gem (see shared/research/domain-facts.md 1.6); "11 Geçersiz istek" in the general
// table at https://docs.iyzico.com/en/add-ons/error-codes.
const (
	ErrInvalidSignature = "1000"
	ErrAPIKeyNotFound   = "1001"
	ErrInvalidRequest   = "11"
	// ErrMissingAuthorization is the code iyzico gives a request without Authorization, as
	// quoted in iyzico/iyzipay-node#128.
	ErrMissingAuthorization = "1009"
)

// BIN is one row of card data, as bin/check returns it.
type BIN struct {
	BinNumber       string
	CardType        string
	CardAssociation string
	CardFamily      string
	BankName        string
	BankCode        int64
	Commercial      int
	// Source says where the row comes from.
	Source string
}

// DocumentedBIN is the sandbox answer quoted by iyzipay-java's functional BinNumberTest.
var DocumentedBIN = BIN{
	BinNumber: "554960", CardType: "CREDIT_CARD", CardAssociation: "MASTER_CARD", CardFamily: "Bonus",
	BankName: "Garanti Bankası", BankCode: 62, Commercial: 0,
	Source: "iyzipay-java src/test/java/com/iyzipay/functional/BinNumberTest.java (sandbox)",
}

// MockBINs is the mock's BIN table: the documented row and two more, each with its source. Checks
// on the extra rows run only against the mock.
var MockBINs = []BIN{
	DocumentedBIN,
	{
		BinNumber: "542119", CardType: "CREDIT_CARD", CardAssociation: "MASTER_CARD", CardFamily: "World",
		BankName: "Vakıfbank", BankCode: 15, Commercial: 0,
		Source: "raw sandbox response quoted in iyzico/iyzipay-dotnet#106",
	},
	{
		BinNumber: "454671", CardType: "CREDIT_CARD", CardAssociation: "VISA", CardFamily: "Ziraat Bankası CC",
		BankName: "Ziraat Bankası", BankCode: 10, Commercial: 1,
		Source: "iyzipay-php tests/Iyzipay/Tests/mock/retrieve-bin-number.json",
	},
}
