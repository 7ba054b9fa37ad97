// Reading the fields that newer engines send and the v3.68 messages do not declare. The v3.68
// language hosts keep them as unknown fields; these helpers decode them with protowire. Copied
// into each host's package at build time (scripts/pulumi-cli.sh, scripts/language-hosts.sh).

package main

import (
	"google.golang.org/protobuf/encoding/protowire"
	"google.golang.org/protobuf/proto"
)

// wireField is one field of an encoded message: its number and, for a varint, its value, or for a
// length-delimited field (string, bytes, message), its bytes.
type wireField struct {
	num    protowire.Number
	varint uint64
	bytes  []byte
}

// wireFields decodes the top-level fields of an encoded message, in order (repeated fields repeat).
func wireFields(raw []byte) []wireField {
	var fields []wireField
	for len(raw) > 0 {
		num, typ, n := protowire.ConsumeTag(raw)
		if n < 0 {
			return fields
		}
		raw = raw[n:]
		switch typ {
		case protowire.BytesType:
			value, m := protowire.ConsumeBytes(raw)
			if m < 0 {
				return fields
			}
			fields = append(fields, wireField{num: num, bytes: value})
			raw = raw[m:]
		case protowire.VarintType:
			value, m := protowire.ConsumeVarint(raw)
			if m < 0 {
				return fields
			}
			fields = append(fields, wireField{num: num, varint: value})
			raw = raw[m:]
		default:
			m := protowire.ConsumeFieldValue(num, typ, raw)
			if m < 0 {
				return fields
			}
			raw = raw[m:]
		}
	}
	return fields
}

// lastBytes is the last length-delimited value of field num (proto3: the last one wins).
func lastBytes(fields []wireField, num protowire.Number) []byte {
	var value []byte
	for _, f := range fields {
		if f.num == num {
			value = f.bytes
		}
	}
	return value
}

// lastBool is the last varint of field num, as a bool.
func lastBool(fields []wireField, num protowire.Number) bool {
	value := false
	for _, f := range fields {
		if f.num == num {
			value = f.varint != 0
		}
	}
	return value
}

// unknownFields decodes the fields of msg that its v3.68 type does not declare.
func unknownFields(msg proto.Message) []wireField {
	return wireFields(msg.ProtoReflect().GetUnknown())
}

// ProgramInfo (pulumi/language.proto): the field that says where a program or plugin lives.
const programInfoProgramDirField = 2 // string program_directory
