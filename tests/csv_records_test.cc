// CSV records (pkpass/batch.h CsvRecords): RFC 4180 through libcsv, the header's paths, values
// typed by the model, line:column of every refusal, and the inputs that end the records.
#include <gtest/gtest.h>
#include <unistd.h>

#include <map>
#include <memory>
#include <string>
#include <vector>

#include "pkpass/batch.h"
#include "pkpass/model.h"
#include "testing/files.h"
#include "testing/matchers.h"
#include "testing/resolved.h"

namespace pkpass {
namespace {

using testing::IsOk;

// What a CSV gives, record by record: "LINE: JSON", "LINE: refused CODE at FILE:POINTER",
// "LINE: too long", and "stop: MESSAGE" when the records end with an error.
std::string ReadAll(const std::string& csv, const std::map<std::string, std::string>& extra_files = {}) {
  std::map<std::string, std::string> files = testing::ReadTree(testing::ModelDir("coffee.pass"));
  for (const auto& [name, bytes] : extra_files) files[name] = bytes;
  Diagnostics diags;
  Result<Model> model = Model::FromFiles(files, diags);
  if (!model.ok()) return "model: " + FormatText(diags);
  int pipe_fds[2];
  if (pipe(pipe_fds) != 0) return "pipe";
  // The whole CSV fits the pipe's buffer in these tests.
  if (write(pipe_fds[1], csv.data(), csv.size()) != static_cast<ssize_t>(csv.size())) return "write";
  close(pipe_fds[1]);
  CsvRecords records(pipe_fds[0], *model, "m.csv");
  std::string out, record;
  size_t number = 0;
  while (true) {
    Result<RecordSource::Next> next = records.Read(record, number);
    if (!next.ok()) {
      out += "stop: " + next.status().message() + "\n";
      break;
    }
    if (*next == RecordSource::Next::kEnd) break;
    out += std::to_string(number) + ": ";
    if (*next == RecordSource::Next::kRecord) out += record + "\n";
    if (*next == RecordSource::Next::kTooLong) out += "too long\n";
    if (*next == RecordSource::Next::kRefused) {
      const Diagnostics refusal = records.Refusal();
      out += "refused " + testing::ErrorsOf(refusal) + "\n";
    }
  }
  close(pipe_fds[0]);
  return out;
}

TEST(CsvRecordsTest, ReadsRfc4180WithABomAndCrlf) {
  EXPECT_EQ(ReadAll("\xEF\xBB\xBFserialNumber,fields.name,fields.balance,voided,status\r\n"
                    "A-1,\"Doe, Jane\",12.5,TRUE,2\r\n"
                    "\r\n"
                    "A-2,\"Two\r\nlines \"\"quoted\"\"\",7,,\r\n"
                    "A-3,Last,,false,1"),
            "2: {\"serialNumber\":\"A-1\",\"fields\":[{\"key\":\"name\",\"value\":\"Doe, Jane\"},"
            "{\"key\":\"balance\",\"value\":12.5}],\"voided\":true,\"status\":2}\n"
            "4: {\"serialNumber\":\"A-2\",\"fields\":[{\"key\":\"name\",\"value\":\"Two\\r\\nlines \\\"quoted\\\"\"},"
            "{\"key\":\"balance\",\"value\":7}]}\n"
            "6: {\"serialNumber\":\"A-3\",\"fields\":[{\"key\":\"name\",\"value\":\"Last\"}],\"voided\":false,\"status\":1}\n");
}

TEST(CsvRecordsTest, PathsReachObjectsPlacesAndAttributes) {
  EXPECT_EQ(ReadAll("serialNumber,barcode.message,userInfo.tier,fields.name.label,level,"
                    "locations.1.latitude,locations.1.longitude,locations.0.latitude,locations.0.longitude,"
                    "beacons.0.proximityUUID,beacons.0.major\n"
                    "B-1,M-1,gold,NAME,GOLD,1.5,2,-3,4,E2C56DB5-DFFB-48D2-B060-D0F5A71096E0,7\n"),
            "2: {\"serialNumber\":\"B-1\",\"barcode\":{\"message\":\"M-1\"},\"userInfo\":{\"tier\":\"gold\"},"
            "\"fields\":[{\"key\":\"name\",\"label\":\"NAME\"},{\"key\":\"level\",\"value\":\"GOLD\"}],"
            "\"locations\":[{\"latitude\":-3.0,\"longitude\":4.0},{\"latitude\":1.5,\"longitude\":2.0}],"
            "\"beacons\":[{\"proximityUUID\":\"E2C56DB5-DFFB-48D2-B060-D0F5A71096E0\",\"major\":7}]}\n");
  // model.json's payloadFields name a column's field.
  EXPECT_EQ(ReadAll("serialNumber,Member name\nC-1,Ada\n",
                    {{"model.json", R"({"payloadFields": {"csv": {"Member name": "name"}}})"}}),
            "2: {\"serialNumber\":\"C-1\",\"fields\":[{\"key\":\"name\",\"value\":\"Ada\"}]}\n");
}

// A whole number past int64_t stays a double (the cast would be undefined), written as the
// shortest text that reads back as it.
TEST(CsvRecordsTest, HugeNumbersStayDoubles) {
  EXPECT_EQ(ReadAll("serialNumber,maxDistance\nH-1,123456789012345678901234567890\nH-2,-9300000000000000000\n"),
            "2: {\"serialNumber\":\"H-1\",\"maxDistance\":1.2345678901234568e+29}\n"
            "3: {\"serialNumber\":\"H-2\",\"maxDistance\":-9.3e+18}\n");
}

TEST(CsvRecordsTest, ARowThatCannotBeOverridesIsRefusedAtLineAndColumn) {
  EXPECT_EQ(ReadAll("serialNumber,fields.name,locations.0.latitude\n"
                    "R-1,Ann,north\n"
                    "R-2,Bo,1,extra\n"
                    "R-3,\xFF,\n"
                    "R-4,Cy,2\n"),
            "2: refused import-value-invalid at m.csv:2:3\n"
            "3: refused csv-row at m.csv:3:4\n"
            "4: refused csv-row at m.csv:4:2\n"
            "5: {\"serialNumber\":\"R-4\",\"fields\":[{\"key\":\"name\",\"value\":\"Cy\"}],\"locations\":[{\"latitude\":2.0}]}\n");
}

// A quote left open swallows the rest of the file: the rows before it stand, and its own row is
// refused where the quote opens, as a record (the batch exits 1, not 3).
TEST(CsvRecordsTest, AnUnclosedQuoteRefusesItsRowOnly) {
  EXPECT_EQ(ReadAll("serialNumber,fields.name\nA,ok\nB,fine\nC,\"open\nD,x\n"),
            "2: {\"serialNumber\":\"A\",\"fields\":[{\"key\":\"name\",\"value\":\"ok\"}]}\n"
            "3: {\"serialNumber\":\"B\",\"fields\":[{\"key\":\"name\",\"value\":\"fine\"}]}\n"
            "4: refused csv-row at m.csv:4:2\n");
}

// Old Mac line ends (a lone CR) end lines as LF and CRLF do: each row has its own line number.
TEST(CsvRecordsTest, ALoneCarriageReturnEndsALine) {
  EXPECT_EQ(ReadAll("serialNumber,fields.name\rA,a\rB,b\r\nC,c\nD,x,extra\r"),
            "2: {\"serialNumber\":\"A\",\"fields\":[{\"key\":\"name\",\"value\":\"a\"}]}\n"
            "3: {\"serialNumber\":\"B\",\"fields\":[{\"key\":\"name\",\"value\":\"b\"}]}\n"
            "4: {\"serialNumber\":\"C\",\"fields\":[{\"key\":\"name\",\"value\":\"c\"}]}\n"
            "5: refused csv-row at m.csv:5:3\n");
}

TEST(CsvRecordsTest, WhatEndsTheRecords) {
  EXPECT_EQ(ReadAll("serialNumber,colour\nA,red\n"),
            "stop: m.csv 1:2: \"colour\" is no place in the overrides: a top-level key, fields.KEY, "
            "fields.KEY.ATTRIBUTE, barcode.message, nfc.KEY, userInfo.KEY, locations.N.KEY, beacons.N.KEY "
            "or the key of one of the model's fields\n");
  EXPECT_EQ(ReadAll("serialNumber,serialNumber\n"), "stop: m.csv 1:2: \"serialNumber\" names two columns\n");
  EXPECT_EQ(ReadAll("serialNumber,locations.100.latitude\n").substr(0, 20), "stop: m.csv 1:2: \"lo");
  // Two names of one place: one would silently win.
  EXPECT_EQ(ReadAll("serialNumber,name,fields.name\nA,x,y\n"),
            "stop: m.csv 1:3: \"fields.name\" and \"name\" name one place in the overrides\n");
  EXPECT_EQ(ReadAll("serialNumber,fields.name\nA,x\"y\n"),
            "stop: m.csv line 2: the CSV is malformed: error parsing data while strict checking enabled "
            "(a quote inside a quoted cell is written twice: \"\")\n");
  EXPECT_EQ(ReadAll(std::string("serialNumber\nA\0\n", 15)), "stop: m.csv holds a NUL byte: it is not CSV text\n");
  EXPECT_EQ(ReadAll(""), "");
}

}  // namespace
}  // namespace pkpass
