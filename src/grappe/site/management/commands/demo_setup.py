from django.core.management.base import BaseCommand, CommandError

from grappe.datafiles.report import DataFilesInvalid
from grappe.site.demo import demo_prepare


class Command(BaseCommand):
    help = "Prepare the demo platform (idempotent) and print the demo accounts."

    def handle(self, *args, **options):
        try:
            accounts = demo_prepare(progress=self.stdout.write)
        except DataFilesInvalid as exc:
            # A broken shipped file is a bug of ours: name every faulty record.
            for error in exc.errors:
                self.stderr.write(str(error))
            raise CommandError(str(exc), returncode=1) from None
        self.stdout.write("")
        self.stdout.write("Demo accounts (passwords are new at each run):")
        for account in accounts:
            self.stdout.write(f"  {account.username:8} {account.password:14} {account.role}")
