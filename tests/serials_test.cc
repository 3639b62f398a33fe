// Serial numbers as file names: the rule, and duplicates as file systems see them.
#include "pkpass/batch.h"

#include <gtest/gtest.h>

#include <string>

#include "util/compact_hash.h"

namespace pkpass {
namespace {

TEST(SerialFileNameTest, AcceptsPlainAndNonAsciiSerials) {
  EXPECT_EQ(SerialFileNameProblem("CUSTOMER-0000042"), "");
  EXPECT_EQ(SerialFileNameProblem("Müller 7"), "");
  EXPECT_EQ(SerialFileNameProblem(std::string(kMaxSerialBytes, 'x')), "");
}

TEST(SerialFileNameTest, RefusesWhatCannotNameAFile) {
  EXPECT_EQ(SerialFileNameProblem(""), "it is empty");
  EXPECT_EQ(SerialFileNameProblem(std::string(kMaxSerialBytes + 1, 'x')), "it is 201 bytes; the limit is 200");
  EXPECT_EQ(SerialFileNameProblem(".hidden"), "it starts with \".\"");
  EXPECT_EQ(SerialFileNameProblem("../up"), "it starts with \".\"");
  EXPECT_EQ(SerialFileNameProblem("a/b"), "it has a \"/\" or \"\\\"");
  EXPECT_EQ(SerialFileNameProblem("a\\b"), "it has a \"/\" or \"\\\"");
  EXPECT_EQ(SerialFileNameProblem("a\nb"), "it has a control character");
  EXPECT_EQ(SerialFileNameProblem("a\xC2\x85" "b"), "it has a control character");  // U+0085
  EXPECT_EQ(SerialFileNameProblem("a\xFF"), "it is not valid UTF-8");
  EXPECT_EQ(SerialFileNameProblem("a\xC0\xAF"), "it is not valid UTF-8");  // overlong "/"
}

TEST(SerialFileNameTest, RefusesBidirectionalFormatting) {
  // "invoice-\u202Efdp.exe" shows as "invoice-exe.pdf".
  EXPECT_EQ(SerialFileNameProblem("invoice-\xE2\x80\xAE" "fdp.exe"),
            "it has a bidirectional formatting character");
  for (const char* c : {"\xD8\x9C", "\xE2\x80\x8E", "\xE2\x80\x8F", "\xE2\x80\xAA", "\xE2\x81\xA6",
                        "\xE2\x81\xA9"}) {
    EXPECT_EQ(SerialFileNameProblem(std::string("a") + c), "it has a bidirectional formatting character")
        << c;
  }
}

TEST(SerialRegistryTest, FindsTheFirstTagOfTheSameSerial) {
  SerialRegistry serials;
  EXPECT_EQ(serials.Claim("A-1", 1), 0u);
  EXPECT_EQ(serials.Claim("A-2", 2), 0u);
  EXPECT_EQ(serials.Find("A-1"), 1u);
  EXPECT_EQ(serials.Find("A-3"), 0u);
  EXPECT_EQ(serials.Claim("A-1", 3), 1u);
  EXPECT_EQ(serials.size(), 2u);
}

TEST(SerialRegistryTest, SerialsDifferingInCaseOrNormalisationAreOneFile) {
  SerialRegistry serials;
  EXPECT_EQ(serials.Claim("abc-\xC3\xA9", 1), 0u);            // "abc-é", é precomposed (NFC)
  EXPECT_EQ(serials.Find("ABC-\xC3\x89"), 1u);                // "ABC-É"
  EXPECT_EQ(serials.Find("abc-e\xCC\x81"), 1u);               // e + COMBINING ACUTE (NFD)
  EXPECT_EQ(serials.Find("\xEF\xBD\x81" "bc-\xC3\xA9"), 1u);  // FULLWIDTH "ａ" (NFKC)
  EXPECT_EQ(serials.Find("Stra\xC3\x9F" "e"), 0u);
  EXPECT_EQ(serials.Claim("Stra\xC3\x9F" "e", 2), 0u);        // "Straße" folds as "strasse"
  EXPECT_EQ(serials.Find("STRASSE"), 2u);
}

// Distinct serials never meet, however many: the registry keeps 128-bit keyed hashes, so no
// serial can be made to stand for another.
TEST(SerialRegistryTest, DistinctSerialsNeverCollide) {
  SerialRegistry serials;
  for (size_t i = 1; i <= 100000; ++i) {
    ASSERT_EQ(serials.Claim("CUSTOMER-" + std::to_string(i), i), 0u) << i;
  }
  EXPECT_EQ(serials.size(), 100000u);
  EXPECT_EQ(serials.Find("CUSTOMER-42"), 42u);
}

// The shard of a serial is fixed by its bytes' NFKC case fold, on every machine: "abc" hashes to
// SHA-256 ba7816bf8f01cfea..., which is 74 modulo 1000 and 2 modulo 7.
TEST(SerialShardTest, IsTheSameEverywhereAndForNamesOfOneFile) {
  EXPECT_EQ(SerialShard("abc", 1000), 74u);
  EXPECT_EQ(SerialShard("abc", 7), 2u);
  EXPECT_EQ(SerialShard("ABC", 1000), SerialShard("abc", 1000));
  EXPECT_EQ(SerialShard("\xEF\xBD\x81" "bc", 1000), SerialShard("abc", 1000));  // fullwidth a
  EXPECT_EQ(SerialShard("anything", 1), 0u);
}

TEST(CompactHashMapTest, FindsWhatItHoldsAcrossGrowth) {
  CompactHashMap map;
  EXPECT_EQ(map.Find(42), std::nullopt);
  for (std::uint64_t i = 0; i < 100000; ++i) {
    const std::uint64_t key = i * 0x9E3779B97F4A7C15ull;  // spread, as hashes are
    ASSERT_EQ(map.Insert(key, static_cast<std::uint32_t>(i)), std::nullopt) << i;
  }
  EXPECT_EQ(map.size(), 100000u);
  for (std::uint64_t i = 0; i < 100000; i += 997) {
    EXPECT_EQ(map.Find(i * 0x9E3779B97F4A7C15ull), static_cast<std::uint32_t>(i));
  }
  EXPECT_EQ(map.Insert(5 * 0x9E3779B97F4A7C15ull, 7), 5u);  // present: kept, its value returned
  EXPECT_EQ(map.Find(0x1234), std::nullopt);
}

TEST(CompactHashMapTest, ASetKeepsKeysOnly) {
  CompactHashMap set(/*with_values=*/false);
  EXPECT_EQ(set.Insert(77, 5), std::nullopt);
  EXPECT_EQ(set.Find(77), 0u);
  EXPECT_EQ(set.Insert(77, 6), 0u);
  EXPECT_EQ(set.Find(78), std::nullopt);
  EXPECT_EQ(set.size(), 1u);
}

TEST(CompactHashMapTest, KeysZeroAndOneAreOne) {
  CompactHashMap map;
  EXPECT_EQ(map.Insert(0, 9), std::nullopt);
  EXPECT_EQ(map.Find(1), 9u);
  EXPECT_EQ(map.Insert(1, 3), 9u);
}

}  // namespace
}  // namespace pkpass
