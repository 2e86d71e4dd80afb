from thongsuot.cli import main

main()
