from django.core.management.base import BaseCommand

from grappe.site.demo import demo_prepare


class Command(BaseCommand):
    help = "Prepare the demo platform (idempotent) and print the demo accounts."

    def handle(self, *args, **options):
        accounts = demo_prepare(progress=self.stdout.write)
        self.stdout.write("")
        self.stdout.write("Demo accounts (passwords are new at each run):")
        for account in accounts:
            self.stdout.write(f"  {account.username:8} {account.password:14} {account.role}")
