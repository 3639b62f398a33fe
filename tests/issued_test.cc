// Issued values (pkpass/issued.h): a value belongs to the first serial that claims it, in memory
// and in the journal that processes share; a record's values come back to it on a resume.
#include "pkpass/issued.h"

#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <map>
#include <memory>
#include <string>

#include "pkpass/diagnostic_codes.h"
#include "pkpass/model.h"
#include "pkpass/signer.h"
#include "testing/files.h"
#include "testing/matchers.h"
#include "testing/resolved.h"
#include "testing/test_pki.h"

namespace pkpass {
namespace {

using testing::IsOk;
using testing::StatusIs;
using ::testing::HasSubstr;

// The claims every IssuedValues answers the same way.
void ExpectFirstClaimWins(IssuedValues& issued) {
  ASSERT_EQ(*issued.Claim({"S-1", {"A", "B"}, {}, 1, "d1"}), std::nullopt);
  // The same serial again (a rebuild, a resume) is no conflict.
  EXPECT_EQ(*issued.Claim({"S-1", {"A"}, {}, 1, "d1"}), std::nullopt);
  const std::optional<IssuedConflict> conflict = *issued.Claim({"S-2", {"C", "B"}, {}, 2, "d2"});
  ASSERT_TRUE(conflict.has_value());
  EXPECT_EQ(conflict->value, "B");
  EXPECT_EQ(conflict->holder, "S-1");
  // Nothing of the refused claim was taken: C is free, and record 2 has nothing.
  EXPECT_EQ(*issued.BarcodeHolder("C"), "");
  EXPECT_EQ(*issued.ForRecord(2, "d2"), std::nullopt);
  EXPECT_EQ(*issued.BarcodeHolder("A"), "S-1");
  // A barcode message and an NFC message are different values.
  EXPECT_EQ(*issued.Claim({"S-3", {}, {"A"}, 0, ""}), std::nullopt);
  const std::optional<IssuedPass> earlier = *issued.ForRecord(1, "d1");
  ASSERT_TRUE(earlier.has_value());
  EXPECT_EQ(earlier->serial, "S-1");
  EXPECT_EQ(earlier->barcodes, (std::vector<std::string>{"A", "B"}));
  // The record's text changed: not the same record.
  EXPECT_EQ(*issued.ForRecord(1, "other"), std::nullopt);
}

TEST(IssuedValuesTest, InMemoryTheFirstClaimWins) {
  MemoryIssuedValues issued;
  ExpectFirstClaimWins(issued);
}

TEST(IssuedJournalTest, TheFirstClaimWinsAndIsKept) {
  const std::string path = testing::MakeTempDir("issued") + "/issued.ndjson";
  {
    Result<std::unique_ptr<IssuedJournal>> journal = IssuedJournal::Open(path);
    ASSERT_THAT(journal, IsOk());
    ExpectFirstClaimWins(**journal);
    EXPECT_THAT((*journal)->Sync(), IsOk());
  }
  EXPECT_EQ(testing::ReadFile(path),
            "{\"pkpass-issued\":1}\n"
            "{\"serial\":\"S-1\",\"barcodes\":[\"A\",\"B\"],\"nfc\":[],\"record\":1,\"digest\":\"d1\"}\n"
            "{\"serial\":\"S-3\",\"barcodes\":[],\"nfc\":[\"A\"]}\n");
  // Read again, as another process would.
  Result<std::unique_ptr<IssuedJournal>> again = IssuedJournal::Open(path);
  ASSERT_THAT(again, IsOk());
  EXPECT_EQ((*again)->size(), 2u);
  EXPECT_EQ(*(*again)->BarcodeHolder("B"), "S-1");
  EXPECT_EQ((*(*again)->ForRecord(1, "d1"))->serial, "S-1");
}

// Two openers of one file are two processes: each claim reads what the other appended first.
TEST(IssuedJournalTest, SharersSeeEachOthersClaims) {
  const std::string path = testing::MakeTempDir("issued") + "/issued.ndjson";
  std::unique_ptr<IssuedJournal> a = std::move(*IssuedJournal::Open(path));
  std::unique_ptr<IssuedJournal> b = std::move(*IssuedJournal::Open(path));
  ASSERT_EQ(*a->Claim({"A-1", {"X"}, {}, 0, ""}), std::nullopt);
  const std::optional<IssuedConflict> conflict = *b->Claim({"B-1", {"X"}, {}, 0, ""});
  ASSERT_TRUE(conflict.has_value());
  EXPECT_EQ(conflict->holder, "A-1");
  EXPECT_EQ(*b->BarcodeHolder("X"), "A-1");
  ASSERT_EQ(*b->Claim({"B-1", {"Y"}, {}, 0, ""}), std::nullopt);
  EXPECT_EQ(*a->BarcodeHolder("Y"), "B-1");
}

// A line a writer left unfinished when it died is cut off by the next claim; a file that is no
// journal, or a malformed line, is refused naming it.
TEST(IssuedJournalTest, AnUnfinishedLineIsCutAndGarbageRefused) {
  const std::string dir = testing::MakeTempDir("issued");
  testing::WriteFile(dir + "/torn.ndjson", "{\"pkpass-issued\":1}\n{\"serial\":\"S-1\",\"barcodes\":[\"A\"],\"nfc\":[]}\n{\"serial\":\"S-2\",\"barc");
  Result<std::unique_ptr<IssuedJournal>> torn = IssuedJournal::Open(dir + "/torn.ndjson");
  ASSERT_THAT(torn, IsOk());
  EXPECT_EQ((*torn)->size(), 1u);
  ASSERT_EQ(*(*torn)->Claim({"S-3", {"C"}, {}, 0, ""}), std::nullopt);
  EXPECT_EQ(testing::ReadFile(dir + "/torn.ndjson"),
            "{\"pkpass-issued\":1}\n{\"serial\":\"S-1\",\"barcodes\":[\"A\"],\"nfc\":[]}\n"
            "{\"serial\":\"S-3\",\"barcodes\":[\"C\"],\"nfc\":[]}\n");
  testing::WriteFile(dir + "/other.ndjson", "{\"serialNumber\":\"x\"}\n");
  EXPECT_THAT(IssuedJournal::Open(dir + "/other.ndjson"),
              StatusIs(StatusCode::kInvalidArgument, HasSubstr("is not a pkpass issued journal")));
  testing::WriteFile(dir + "/bad.ndjson", "{\"pkpass-issued\":1}\n{\"serial\":7}\n");
  EXPECT_THAT(IssuedJournal::Open(dir + "/bad.ndjson"),
              StatusIs(StatusCode::kInvalidArgument, HasSubstr("the line at byte 20 is not a claim")));
  EXPECT_THAT(IssuedJournal::Open(dir), StatusIs(StatusCode::kIoError));
}

TEST(IssuedJournalTest, RecordDigestIsStable) {
  EXPECT_EQ(RecordDigest(""), "e3b0c44298fc1c14");  // SHA-256 of nothing
  EXPECT_EQ(RecordDigest("{\"a\":1}"), RecordDigest("{\"a\":1}"));
  EXPECT_NE(RecordDigest("{\"a\":1}"), RecordDigest("{\"a\":2}"));
}

// 10,000 builds one after another sharing one journal: a build whose barcode message an earlier
// build holds is refused exactly where one batch would refuse it. The journal is opened anew for
// every 100th build (reading all before it, as each `pkpass-build build --issued` does) and by
// a second sharer that appends between the builds, so every claim reads back what others wrote.
TEST(IssuedJournalTest, TenThousandBuildsShareOneJournal) {
  std::map<std::string, std::string> files = testing::ReadTree(testing::ModelDir("coffee.pass"));
  files["model.json"] = R"({"barcodeValues": {"unique": true}})";
  Diagnostics diags;
  Result<Model> model = Model::FromFiles(files, diags);
  ASSERT_THAT(model, IsOk()) << FormatText(diags);
  Result<Signer> signer = Signer::FromPem(testing::Pki().signer_pem, testing::Pki().signer_key_pem, testing::Pki().wwdr_pem);
  ASSERT_THAT(signer, IsOk());
  const std::string path = testing::MakeTempDir("issued") + "/issued.ndjson";
  constexpr int kBuilds = 10000;
  std::vector<int> refused;
  std::unique_ptr<IssuedJournal> journal, other = std::move(*IssuedJournal::Open(path));
  for (int i = 1; i <= kBuilds; ++i) {
    // Every 97th pass gives the message of the pass 50 before it.
    const int message = i % 97 == 0 ? i - 50 : i;
    if (i % 100 == 1) {
      Result<std::unique_ptr<IssuedJournal>> opened = IssuedJournal::Open(path);
      ASSERT_THAT(opened, IsOk());
      journal = std::move(*opened);
    }
    ASSERT_EQ(*other->Claim({"other-" + std::to_string(i), {"O-" + std::to_string(i)}, {}, 0, ""}), std::nullopt);
    BuildOptions options{.timestamp = 1700000000};
    options.issued = journal.get();
    Diagnostics found;
    Result<PreparedPass> pass = testing::PrepareJson(*model, 
        R"({"serialNumber": "B-)" + std::to_string(i) + R"(", "barcode": {"message": "M-)" + std::to_string(message) + "\"}}",
        *signer, options, found);
    if (!pass.ok()) {
      ASSERT_EQ(testing::ErrorsOf(found), "barcode-duplicate at overrides:/barcode/message") << i;
      refused.push_back(i);
    }
  }
  std::vector<int> expected;
  for (int i = 97; i <= kBuilds; i += 97) expected.push_back(i);
  EXPECT_EQ(refused, expected);
}

}  // namespace
}  // namespace pkpass
