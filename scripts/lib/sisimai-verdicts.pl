#!/usr/bin/perl
# sisimai-verdicts.pl — Sisimai's verdict on each recipient of each message file given, one
# tab-separated line per recipient: FILE, address (lowercased), reason, hard (1 hard, 0 soft,
# - undecided: delivered, feedback, vacation), status. A file Sisimai reads no bounce from gets
# one line FILE, "-". Bare-CR line ends (classic Mac files) are made LF first: Sisimai 4.25 reads
# no record from them. Used by scripts/bounce-agreement and SisimaiAgreementTests.
use strict;
use warnings;
use Sisimai;

for my $file (@ARGV) {
    open(my $handle, '<:raw', $file) or die "sisimai-verdicts: $file: $!\n";
    my $text = do { local $/; <$handle> };
    close($handle);
    $text =~ s/\r\n?/\n/g;
    my $records = eval { Sisimai->make(\$text) } || [];
    my %seen;
    my $printed = 0;
    for my $record (@$records) {
        my $address = lc($record->recipient->address // '');
        next if $address eq '' || $seen{$address}++;
        my $soft = $record->softbounce;
        my $hard = !defined($soft) || $soft eq '' || $soft < 0 ? '-' : ($soft == 0 ? 1 : 0);
        print join("\t", $file, $address, $record->reason || 'undefined', $hard, $record->deliverystatus || '-'), "\n";
        $printed++;
    }
    print "$file\t-\n" unless $printed;
}
