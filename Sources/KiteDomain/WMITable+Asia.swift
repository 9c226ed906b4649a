// WMIs of Asian and African makers and plants. Format: see `WMITable`.
// Keep each block sorted by WMI.

extension WMITable {
    static let chery = "Chery, Exeed, Omoda, Jaecoo, Jetour"

    /// Japan (J).
    /// Sources: Wikipedia "Vehicle identification number", WMI list (Japan);
    /// NHTSA vPIC manufacturer WMIs.
    static let japan = """
    JA3  Mitsubishi Motors                              | Mitsubishi
    JA4  Mitsubishi Motors (SUV)                        | Mitsubishi
    JAA  Isuzu Motors                                   | Isuzu
    JAL  Isuzu Motors (trucks)                          | Isuzu
    JDA  Daihatsu Motor                                 | Daihatsu
    JF1  Subaru Corporation                             | Subaru
    JF2  Subaru Corporation (SUV)                       | Subaru
    JH4  Honda Motor (Acura)                            | Acura
    JHL  Honda Motor (SUV)                              | Honda
    JHM  Honda Motor                                    | Honda
    JM1  Mazda Motor                                    | Mazda
    JM3  Mazda Motor (SUV)                              | Mazda
    JMB  Mitsubishi Motors (exports)                    | Mitsubishi
    JMY  Mitsubishi Motors (exports, SUV)               | Mitsubishi
    JMZ  Mazda Motor (exports)                          | Mazda
    JN1  Nissan Motor                                   | Nissan
    JN8  Nissan Motor (SUV)                             | Nissan
    JNK  Nissan Motor (Infiniti)                        | Infiniti
    JNR  Nissan Motor (Infiniti SUV)                    | Infiniti
    JS2  Suzuki Motor                                   | Suzuki
    JS3  Suzuki Motor (SUV)                             | Suzuki
    JSA  Suzuki Motor (exports)                         | Suzuki
    JT2  Toyota Motor Corporation                       | Toyota
    JT3  Toyota Motor Corporation (SUV)                 | Toyota
    JT6  Toyota Motor Corporation (Lexus SUV)           | Lexus
    JT8  Toyota Motor Corporation (Lexus)               | Lexus
    JTD  Toyota Motor Corporation                       | Toyota
    JTE  Toyota Motor Corporation                       | Toyota
    JTH  Toyota Motor Corporation (Lexus)               | Lexus
    JTJ  Toyota Motor Corporation (Lexus SUV)           | Lexus
    JTM  Toyota Motor Corporation                       | Toyota
    JTN  Toyota Motor Corporation                       | Toyota
    """

    /// South Korea (KL–KR).
    /// Sources: Wikipedia "Vehicle identification number", WMI list (South Korea);
    /// NHTSA vPIC manufacturer WMIs.
    static let korea = """
    KL1  GM Korea (Chevrolet)                           | Chevrolet
    KLA  GM Korea (GM Daewoo)                           | Daewoo, Chevrolet
    KM8  Hyundai Motor Company (SUV)                    | Hyundai
    KMF  Hyundai Motor Company (vans, light trucks)     | Hyundai
    KMH  Hyundai Motor Company                          | Hyundai
    KMJ  Hyundai Motor Company (buses)                  | Hyundai
    KMT  Genesis Motor                                  | Genesis
    KNA  Kia Corporation                                | Kia
    KND  Kia Corporation (SUV, MPV)                     | Kia
    KNE  Kia Corporation (exports)                      | Kia
    KNM  Renault Samsung Motors                         | Renault, Samsung
    KPT  SsangYong Motor                                | SsangYong
    """

    /// China (L; H is China's too, none of its codes is in use on cars sold here).
    /// Sources: Wikipedia "Vehicle identification number", WMI list (China);
    /// NHTSA vPIC manufacturer WMIs (LRW, LYV, LSG); the VIN plates of the
    /// Chinese cars sold in Russia.
    static let china = """
    L6T  Zhejiang Geely Holding                         | Geely, Zeekr
    LB3  Geely Automobile                               | Geely
    LBE  Beijing Hyundai                                | Hyundai
    LBV  BMW Brilliance                                 | BMW
    LC0  BYD Auto                                       | BYD
    LDC  Dongfeng Peugeot Citroën                       | Peugeot, Citroën
    LE4  Beijing Benz                                   | Mercedes-Benz
    LFM  FAW Toyota                                     | Toyota
    LFP  FAW Car                                        | FAW, Bestune, Hongqi
    LFV  FAW-Volkswagen                                 | Volkswagen, Audi, Jetta
    LGB  Dongfeng Nissan                                | Nissan
    LGJ  Dongfeng Fengshen                              | Dongfeng
    LGW  Great Wall Motor                               | Haval, Tank, Great Wall, Wey
    LGX  BYD Auto                                       | BYD
    LH1  FAW Haima                                      | Haima
    LHG  GAC Honda                                      | Honda
    LJ1  JAC Motors (Jianghuai)                         | JAC
    LJD  Dongfeng Yueda Kia                             | Kia
    LKL  King Long                                      | King Long
    LLV  Lifan                                          | Lifan
    LMG  GAC Motor                                      | GAC
    LRW  Tesla (Giga Shanghai)                          | Tesla
    LS5  Changan Automobile                             | Changan
    LSG  SAIC General Motors                            | Chevrolet, Buick, Cadillac
    LSJ  SAIC Motor (MG)                                | MG
    LSV  SAIC Volkswagen                                | Volkswagen, Skoda
    LSY  Brilliance Auto                                | Brilliance
    LTV  FAW Toyota (Tianjin)                           | Toyota
    LVB  Beiqi Foton Motor                              | Foton
    LVG  GAC Toyota                                     | Toyota
    LVH  Dongfeng Honda                                 | Honda
    LVR  Changan Mazda                                  | Mazda
    LVS  Changan Ford                                   | Ford
    LVT  Chery Automobile                               | \(chery)
    LVV  Chery Automobile                               | \(chery)
    LYV  Volvo Cars (China)                             | Volvo
    LZG  Shaanxi Automobile (Shacman)                   | Shacman
    LZW  SAIC-GM-Wuling                                 | Wuling, Chevrolet
    LZY  Yutong                                         | Yutong
    """

    /// India, Indonesia, Thailand, Malaysia, Turkey, South Africa.
    /// Sources: Wikipedia "Vehicle identification number", WMI list;
    /// NHTSA vPIC manufacturer WMIs.
    static let restOfAsiaAndAfrica = """
    AAV  Volkswagen South Africa                        | Volkswagen
    AFA  Ford Motor Company of Southern Africa          | Ford
    AHT  Toyota South Africa Motors                     | Toyota
    MA1  Mahindra & Mahindra                            | Mahindra
    MA3  Maruti Suzuki                                  | Suzuki
    MAJ  Ford India                                     | Ford
    MAL  Hyundai Motor India                            | Hyundai
    MAT  Tata Motors                                    | Tata
    MHF  Toyota Motor Manufacturing Indonesia           | Toyota
    ML3  Mitsubishi Motors Thailand                     | Mitsubishi
    MMB  Mitsubishi Motors Thailand                     | Mitsubishi
    MNB  Ford Thailand (AutoAlliance)                   | Ford
    MNT  Nissan Motor Thailand                          | Nissan
    MPA  Isuzu Motors Thailand                          | Isuzu
    MR0  Toyota Motor Thailand                          | Toyota
    NLA  Honda Turkey                                   | Honda
    NLE  Mercedes-Benz Türk                             | Mercedes-Benz
    NLH  Hyundai Assan                                  | Hyundai
    NM0  Ford Otosan                                    | Ford
    NM4  Tofaş                                          | Fiat
    NMT  Toyota Motor Manufacturing Turkey              | Toyota
    PL1  Proton                                         | Proton
    """
}
